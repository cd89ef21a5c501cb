package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.config.HandlerSpec;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.QueueSpec;
import dev.qctl.config.RateLimitSpec;
import dev.qctl.queue.Creation;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.Json;
import dev.qctl.queue.Locks;
import dev.qctl.queue.OverlapLocks;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.RateLimits;
import dev.qctl.schedule.ScheduleRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "locks",
        mixinStandardHelpOptions = true,
        subcommands = LocksReleaseCommand.class,
        description = {
            "List the locks held in the store (dispatch ids, without_overlapping, the scheduler's) and the",
            "current window of each rate limit in qctl.yml.",
            "  qctl locks [--json] | qctl locks release NAME --force"
        })
final class LocksCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        List<Locks.Held> held;
        List<Limited> windows;
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            held = backend.locks().held("");
            RateLimits limits = backend.rateLimits();
            windows = limitsOf(connection.config()).stream()
                    .map(l -> new Limited(l, limits.window(l.name(), l.period())))
                    .toList();
        }
        Instant now = Instant.now();
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (Locks.Held h : held)
                array.addObject()
                        .put("name", h.name())
                        .put("kind", kindOf(h.name()))
                        .put("holder", h.owner())
                        .put("expiresAt", h.expiresAt().toString())
                        .put("expiresInSeconds", secondsUntil(h.expiresAt(), now));
            for (Limited w : windows) {
                ObjectNode n = array.addObject()
                        .put("name", w.limit().name())
                        .put("kind", "limit")
                        .put("used", w.window().used())
                        .put("max", w.limit().max())
                        .put("periodSeconds", w.limit().period().toSeconds());
                n.put("freesInSeconds", w.window().freesIn().toMillis() / 1000.0);
            }
            out().println(Json.write(array));
            return ExitCodes.OK;
        }
        if (held.isEmpty() && windows.isEmpty()) {
            out().println("No locks are held and qctl.yml names no limits.");
            return ExitCodes.OK;
        }
        Table table = new Table("Name", "Kind", "Holder", "Expires in");
        for (Locks.Held h : held)
            table.row(h.name(), kindOf(h.name()), h.owner(), secondsUntil(h.expiresAt(), now) + "s");
        for (Limited w : windows)
            table.row(
                    w.limit().name(),
                    "limit",
                    w.window().used() + " of " + w.limit().max() + " started in the last "
                            + w.limit().period().toSeconds() + "s",
                    w.window().used() == 0
                            ? ""
                            : "next frees in " + freesIn(w.window().freesIn()));
        table.print(out());
        return ExitCodes.OK;
    }

    /** What a lock is for, told by its name's prefix. */
    static String kindOf(String name) {
        if (name.startsWith(OverlapLocks.PREFIX)) return "overlap";
        if (name.startsWith(JobKeys.LOCK_PREFIX)) return "id";
        if (name.startsWith(JobKeys.UNIQUE_PREFIX)) return "unique";
        if (name.startsWith(ScheduleRunner.LOCK_PREFIX)) return "schedule";
        return "lock";
    }

    /** Every limit qctl.yml attaches to a handler or a queue, once each. */
    private static List<RateLimitSpec> limitsOf(QctlConfig config) {
        Map<String, RateLimitSpec> limits = new LinkedHashMap<>();
        Stream.concat(
                        config.handlers().values().stream().map(HandlerSpec::limit),
                        config.queues().values().stream().map(QueueSpec::limit))
                .filter(Objects::nonNull)
                .forEach(l -> limits.putIfAbsent(l.name(), l));
        return List.copyOf(limits.values());
    }

    private static long secondsUntil(Instant at, Instant now) {
        return Math.max(0, Duration.between(now, at).toSeconds());
    }

    private static String freesIn(Duration d) {
        return d.toMillis() < 10_000 ? String.format("%.1fs", d.toMillis() / 1000.0) : d.toSeconds() + "s";
    }

    private record Limited(RateLimitSpec limit, RateLimits.Window window) {}
}
