package dev.qctl.sql;

import dev.qctl.queue.ScheduleHistory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The scheduler's run history in {@code qctl_schedule_runs}, {@link #KEEP} rows per entry. */
final class SqlScheduleHistory implements ScheduleHistory {
    private final SqlStore store;
    private final SchedulerTables tables;

    SqlScheduleHistory(SqlStore store, SchedulerTables tables) {
        this.store = store;
        this.tables = tables;
    }

    @Override
    public void record(Run run) {
        tables.ensure();
        store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO qctl_schedule_runs"
                    + " (entry, started_at, duration_ms, status, host) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, run.entry());
                ps.setLong(2, run.startedAt().toEpochMilli());
                ps.setLong(3, run.duration().toMillis());
                ps.setString(4, run.status());
                ps.setString(5, run.host());
                ps.executeUpdate();
            }
            Long cutoff = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM qctl_schedule_runs WHERE entry = ? ORDER BY id DESC LIMIT 1 OFFSET "
                            + (KEEP - 1))) {
                ps.setString(1, run.entry());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) cutoff = rs.getLong(1);
                }
            }
            if (cutoff != null) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM qctl_schedule_runs WHERE entry = ? AND id < ?")) {
                    ps.setString(1, run.entry());
                    ps.setLong(2, cutoff);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<Run> last(String entry, int limit) {
        tables.ensure();
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT entry, started_at, duration_ms, status, host"
                    + " FROM qctl_schedule_runs WHERE entry = ? ORDER BY id DESC LIMIT " + Math.max(0, limit))) {
                ps.setString(1, entry);
                List<Run> runs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        runs.add(new Run(
                                rs.getString(1),
                                Instant.ofEpochMilli(rs.getLong(2)),
                                Duration.ofMillis(rs.getLong(3)),
                                rs.getString(4),
                                rs.getString(5)));
                }
                return runs;
            }
        });
    }
}
