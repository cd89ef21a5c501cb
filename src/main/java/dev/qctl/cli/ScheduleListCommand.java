package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.ScheduleSpec;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Json;
import dev.qctl.queue.Locks;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ScheduleHistory;
import dev.qctl.schedule.CronSchedule;
import dev.qctl.schedule.ScheduleRunner;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The schedule: when each entry runs next, how its last run went, whether its overlap lock is held. */
@Command(
        name = "schedule:list",
        mixinStandardHelpOptions = true,
        description = "List qctl.yml's schedule: entries with their next due time, last run and lock.")
class ScheduleListCommand extends Subcommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx", Locale.ROOT);

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "One JSON array of entries.")
    boolean json;

    @Option(names = "--next", paramLabel = "N", description = "Show the next N due times of each entry (default 1).")
    int next = 1;

    @Override
    public Integer call() {
        if (next < 1) throw new UsageException("--next must be at least 1");
        QctlConfig config = connection.config();
        Map<String, ScheduleSpec> schedule = ScheduleSupport.schedule(config);
        Instant now = Instant.now();
        ZoneId local = ZoneId.systemDefault();
        try (QueueBackend store = connection.open(Creation.MAY_CREATE)) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            Table table = new Table(
                    "NAME", "WHEN", "WHAT", "TIMEZONE", "NEXT DUE", "NEXT DUE (LOCAL)", "LAST RUN", "STATUS", "LOCK");
            for (ScheduleSpec s : schedule.values()) {
                ZoneId zone = ScheduleRunner.zoneOf(s);
                List<Instant> due = new CronSchedule(s.cron(), zone).next(now, next);
                List<ScheduleHistory.Run> last = store.scheduleHistory().last(s.name(), 1);
                Optional<Locks.Held> lock = store.locks().holder(ScheduleRunner.overlapLock(s.name()));
                if (json) {
                    ObjectNode o = array.addObject();
                    o.put("name", s.name());
                    o.put("cron", s.cron());
                    o.put("written", s.written());
                    o.put("what", s.what());
                    o.put("timezone", zone.getId());
                    o.put("enabled", s.enabled());
                    if (s.description() != null) o.put("description", s.description());
                    ArrayNode times = o.putArray("next");
                    for (Instant i : due) times.add(i.atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                    ArrayNode localTimes = o.putArray("next_local");
                    for (Instant i : due)
                        localTimes.add(i.atZone(local).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                    if (last.isEmpty()) o.putNull("last_run");
                    else {
                        ObjectNode r = o.putObject("last_run");
                        r.put("started_at", last.getFirst().startedAt().toString());
                        r.put("duration_ms", last.getFirst().duration().toMillis());
                        r.put("status", last.getFirst().status());
                        r.put("host", last.getFirst().host());
                    }
                    if (lock.isEmpty()) o.putNull("lock");
                    else {
                        ObjectNode l = o.putObject("lock");
                        l.put("owner", lock.get().owner());
                        l.put("expires_at", lock.get().expiresAt().toString());
                    }
                } else {
                    for (int i = 0; i < Math.max(1, due.size()); i++) {
                        boolean first = i == 0;
                        String zoned = due.isEmpty()
                                ? "never"
                                : due.get(i).atZone(zone).format(TIME);
                        String inLocal =
                                due.isEmpty() ? "" : due.get(i).atZone(local).format(TIME);
                        table.row(
                                first ? s.name() + (s.enabled() ? "" : " (disabled)") : "",
                                first
                                        ? (s.written().equals(s.cron())
                                                ? s.cron()
                                                : s.written() + " (" + s.cron() + ")")
                                        : "",
                                first ? s.what() : "",
                                first ? zone.getId() : "",
                                zoned,
                                inLocal,
                                first && !last.isEmpty()
                                        ? last.getFirst()
                                                .startedAt()
                                                .atZone(local)
                                                .format(TIME)
                                        : "",
                                first && !last.isEmpty() ? last.getFirst().status() : "",
                                first && lock.isPresent()
                                        ? "held by " + lock.get().owner()
                                        : "");
                    }
                }
            }
            if (json) out().println(array.toString());
            else if (schedule.isEmpty()) out().println("qctl.yml has no schedule: entries.");
            else table.print(out());
            return ExitCodes.OK;
        }
    }
}
