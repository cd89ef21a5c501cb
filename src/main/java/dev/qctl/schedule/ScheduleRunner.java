package dev.qctl.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.config.HandlerSpec;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.ScheduleSpec;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ScheduleHistory;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a schedule's entries: the due ones of a minute ({@link #runDue}) or one by name
 * ({@link #runNow}). Foreground entries run one after another; background ones start at once,
 * run beside the rest, and are waited for before the run ends, so their exit status is
 * recorded too. Every run takes, in the store:
 *
 * <ul>
 *   <li>a minute lock ({@code qctl:schedule:minute:NAME:MINUTE}, for the host, or for every
 *       host with {@code on_one_server} and for every {@code dispatch:} entry, since its queue
 *       is shared), so two runs in the same minute never run an entry twice;
 *   <li>with {@code without_overlapping}, an overlap lock with that expiry, released when the
 *       entry ends, fails, or the run is stopped ({@link #stop}).
 * </ul>
 */
public final class ScheduleRunner {
    public static final String LOCK_PREFIX = "qctl:schedule:";
    private static final Duration MINUTE_LOCK_TTL = Duration.ofHours(1);
    private static final DateTimeFormatter MINUTE_KEY =
            DateTimeFormatter.ofPattern("yyyyMMddHHmm", Locale.ROOT).withZone(ZoneId.of("UTC"));

    /** What one entry's run came to. */
    public record Outcome(String entry, String status, boolean ran, boolean failed) {}

    private final QctlConfig config;
    private final QueueBackend store;
    private final Clock clock;
    private final String host;
    private final String environment;
    private final PrintWriter out;
    private final String owner;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final Map<String, String> heldLocks = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public ScheduleRunner(
            QctlConfig config, QueueBackend store, Clock clock, String host, String environment, PrintWriter out) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.host = host;
        this.environment = environment;
        this.out = out;
        this.owner = host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID();
    }

    /** The overlap lock's name for an entry. */
    public static String overlapLock(String entry) {
        return LOCK_PREFIX + "overlap:" + entry;
    }

    /** The entries due in the minute that holds {@code at}, in file order. */
    public List<ScheduleSpec> due(Instant at) {
        List<ScheduleSpec> due = new ArrayList<>();
        for (ScheduleSpec s : config.schedule().values()) if (isDue(s, at)) due.add(s);
        return due;
    }

    public boolean isDue(ScheduleSpec s, Instant at) {
        if (!s.enabled()) return false;
        if (!s.environments().isEmpty() && !s.environments().contains(environment)) return false;
        ZoneId zone = zoneOf(s);
        if (!new CronSchedule(s.cron(), zone).isDueAt(at)) return false;
        if (s.betweenFrom() != null) {
            LocalTime t = at.atZone(zone).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
            boolean inside = s.betweenFrom().isAfter(s.betweenTo())
                    ? !t.isBefore(s.betweenFrom()) || !t.isAfter(s.betweenTo())
                    : !t.isBefore(s.betweenFrom()) && !t.isAfter(s.betweenTo());
            if (!inside) return false;
        }
        return true;
    }

    public static ZoneId zoneOf(ScheduleSpec s) {
        return s.timezone() != null ? s.timezone() : ZoneId.systemDefault();
    }

    /**
     * Runs what is due in the minute {@code startedAt} falls in (decided once, at the start: a
     * run that starts late still runs its own minute) and returns each entry's outcome.
     */
    public List<Outcome> runDue(Instant startedAt) {
        Instant minute = startedAt.truncatedTo(ChronoUnit.MINUTES);
        List<ScheduleSpec> due = due(minute);
        List<Outcome> outcomes = new ArrayList<>();
        List<CompletableFuture<Outcome>> background = new ArrayList<>();
        for (ScheduleSpec s : due) {
            if (stopped) break;
            String minuteLock = LOCK_PREFIX + "minute:" + s.name() + ":" + MINUTE_KEY.format(minute)
                    + (oneServer(s) ? "" : ":" + host);
            if (!store.locks().acquire(minuteLock, owner, MINUTE_LOCK_TTL)) {
                outcomes.add(report(new Outcome(
                        s.name(),
                        oneServer(s) ? "SKIPPED another server ran it" : "SKIPPED already ran this minute",
                        false,
                        false)));
                continue;
            }
            if (s.runInBackground()) {
                if (!takeOverlap(s)) {
                    outcomes.add(report(new Outcome(s.name(), "SKIPPED overlapping", false, false)));
                    continue;
                }
                background.add(CompletableFuture.supplyAsync(
                        () -> report(runLocked(s)), r -> Thread.ofVirtual().start(r)));
            } else {
                outcomes.add(report(runGuarded(s)));
            }
        }
        for (CompletableFuture<Outcome> f : background) outcomes.add(f.join());
        return outcomes;
    }

    /** Runs one entry now, whatever its cron says; the overlap lock still applies. */
    public Outcome runNow(ScheduleSpec s) {
        return report(runGuarded(s));
    }

    private Outcome runGuarded(ScheduleSpec s) {
        if (!takeOverlap(s)) return new Outcome(s.name(), "SKIPPED overlapping", false, false);
        return runLocked(s);
    }

    private boolean takeOverlap(ScheduleSpec s) {
        if (s.withoutOverlapping() == null) return true;
        if (!store.locks().acquire(overlapLock(s.name()), owner, s.withoutOverlapping())) return false;
        heldLocks.put(overlapLock(s.name()), owner);
        return true;
    }

    /** Runs the entry (its overlap lock, if any, already held) and gives the lock back. */
    private Outcome runLocked(ScheduleSpec s) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        Outcome outcome;
        try {
            outcome = s.dispatch() != null ? dispatch(s) : command(s, t0);
        } catch (RuntimeException e) {
            outcome = new Outcome(s.name(), "FAIL " + e.getMessage(), true, true);
        } finally {
            if (s.withoutOverlapping() != null && heldLocks.remove(overlapLock(s.name())) != null) {
                try {
                    store.locks().release(overlapLock(s.name()), owner);
                } catch (RuntimeException e) {
                    // the lock expires by itself; the run's outcome matters more
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        try {
            store.scheduleHistory().record(new ScheduleHistory.Run(s.name(), start, took, outcome.status(), host));
        } catch (RuntimeException e) {
            out.println("  (history not recorded for " + s.name() + ": " + e.getMessage() + ")");
        }
        if (s.dispatch() == null) {
            ScheduleSpec.Dispatch follow = outcome.failed() ? s.onFailure() : s.onSuccess();
            if (follow != null) {
                try {
                    push(follow, s, outcome.status());
                } catch (RuntimeException e) {
                    out.println("  (" + (outcome.failed() ? "on_failure" : "on_success") + " of " + s.name()
                            + " not dispatched: " + e.getMessage() + ")");
                }
            }
        }
        return outcome;
    }

    private Outcome dispatch(ScheduleSpec s) {
        String[] where = new String[1];
        String id = push(s.dispatch(), null, null, where);
        return new Outcome(s.name(), "DONE dispatched job " + id + " to " + where[0], true, false);
    }

    private String push(ScheduleSpec.Dispatch d, ScheduleSpec after, String status) {
        return push(d, after, status, new String[1]);
    }

    private String push(ScheduleSpec.Dispatch d, ScheduleSpec after, String status, String[] where) {
        HandlerSpec handler = config.handler(d.handler()).orElseThrow();
        JsonNode data = d.data();
        if (after != null && (data == null || data.isObject())) {
            ObjectNode o = data == null ? Json.MAPPER.createObjectNode() : ((ObjectNode) data).deepCopy();
            o.put("schedule_entry", after.name());
            o.put("schedule_status", status);
            data = o;
        }
        String queue = d.queue() != null
                ? d.queue()
                : handler.queue() != null
                        ? handler.queue()
                        : config.defaults().queue() != null ? config.defaults().queue() : "default";
        where[0] = queue;
        Payload payload = Payload.create(d.handler(), d.handler(), data, handler.options());
        return store.push(new PushRequest(queue, payload, d.delay()));
    }

    private Outcome command(ScheduleSpec s, long t0) {
        List<String> argv = s.shell() ? List.of("/bin/sh", "-c", s.command().getFirst()) : s.command();
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("QCTL_SCHEDULE_ENTRY", s.name());
        if (s.output() != null) {
            pb.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(s.output().toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Outcome(s.name(), "FAIL cannot start " + argv.getFirst() + ": " + e.getMessage(), true, true);
        }
        running.add(p);
        try {
            int code = p.waitFor();
            String took = seconds(Duration.ofNanos(System.nanoTime() - t0));
            return code == 0
                    ? new Outcome(s.name(), "DONE " + took, true, false)
                    : new Outcome(s.name(), "FAIL exit " + code, true, true);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return new Outcome(s.name(), "FAIL interrupted", true, true);
        } finally {
            running.remove(p);
        }
    }

    /**
     * Stops the run (SIGTERM): ends the entries' processes (TERM, then KILL after
     * {@code grace}) and gives back every overlap lock this run holds.
     */
    public void stop(Duration grace) {
        stopped = true;
        for (Process p : running) p.descendants().forEach(ProcessHandle::destroy);
        for (Process p : running) p.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Process p : running) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Map.Entry<String, String> e : heldLocks.entrySet()) {
            try {
                store.locks().release(e.getKey(), e.getValue());
            } catch (RuntimeException ignored) {
                // it expires by itself
            }
        }
        heldLocks.clear();
    }

    private static boolean oneServer(ScheduleSpec s) {
        return s.onOneServer() || s.dispatch() != null;
    }

    private Outcome report(Outcome o) {
        synchronized (out) {
            out.println(o.entry() + " ... " + o.status());
            out.flush();
        }
        return o;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
