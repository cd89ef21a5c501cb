package dev.qctl.sql;

import dev.qctl.queue.RateLimits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

/**
 * Rate limits as rows of {@code qctl_locks}: a header row {@code limit:NAME}, locked for the
 * transaction so takers of one limit go one at a time, and one row {@code limit:NAME:<uuid>} per
 * start, expiring a period later (whole seconds, rounded up, plus one: a window is never shorter, even for a
 * job that starts a moment after it took its start).
 */
final class SqlRateLimits implements RateLimits {
    private final SqlStore store;
    private final SchedulerTables tables;

    SqlRateLimits(SqlStore store, SchedulerTables tables) {
        this.store = store;
        this.tables = tables;
    }

    @Override
    public Duration take(String name, int max, Duration period) {
        tables.ensure();
        Dialect d = store.dialect;
        String header = "limit:" + name;
        String from = header + ":";
        // LIKE, not a range: MySQL's unicode collation does not sort punctuation by code point
        String starts = from.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        // whole seconds rounded up, and one more: a job starts a moment after its start is taken
        long seconds = Math.max(1, (period.toMillis() + 999) / 1000) + 1;
        return store.tx(c -> {
            try (PreparedStatement ins = c.prepareStatement(d.insertIgnoringDuplicates(
                    "qctl_locks", "name, owner, expires_at", "?, 'limit', " + d.epochAfterSeconds()))) {
                ins.setString(1, header);
                ins.setDouble(2, SqlJobKeys.WHILE_QUEUED);
                ins.executeUpdate();
            }
            try (PreparedStatement lock =
                    c.prepareStatement("SELECT owner FROM qctl_locks WHERE name = ?" + d.lockingRead())) {
                lock.setString(1, header);
                lock.executeQuery().close();
            }
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM qctl_locks WHERE name LIKE ? ESCAPE '!'" + " AND expires_at <= " + d.epochNow())) {
                del.setString(1, starts);
                del.executeUpdate();
            }
            long count;
            long oldest;
            long now;
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*), MIN(expires_at), " + d.epochNow()
                    + " FROM qctl_locks WHERE name LIKE ? ESCAPE '!'")) {
                q.setString(1, starts);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                    oldest = rs.getLong(2);
                    now = rs.getLong(3);
                }
            }
            if (count >= max) return Duration.ofSeconds(Math.max(1, oldest - now));
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO qctl_locks (name, owner, expires_at) VALUES"
                    + " (?, 'start', " + d.epochAfterSeconds() + ")")) {
                ins.setString(1, from + UUID.randomUUID());
                ins.setDouble(2, seconds);
                ins.executeUpdate();
            }
            return Duration.ZERO;
        });
    }
}
