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

    /** The name prefix of a limit's rows in {@code qctl_locks}: bookkeeping, not locks anyone holds. */
    static final String ROW_PREFIX = "limit:";

    @Override
    public Duration take(String name, int max, Duration period) {
        tables.ensure();
        Dialect d = store.dialect;
        String header = ROW_PREFIX + name;
        String from = header + ":";
        String starts = startsPattern(name);
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

    @Override
    public Window window(String name, Duration period) {
        tables.ensure();
        Dialect d = store.dialect;
        return store.read(c -> {
            // a start's row expires when it leaves the window, so the live rows are the window
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*), MIN(expires_at), " + d.epochNow()
                    + " FROM qctl_locks WHERE name LIKE ? ESCAPE '!' AND expires_at > " + d.epochNow())) {
                q.setString(1, startsPattern(name));
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    int used = rs.getInt(1);
                    long freesIn = used == 0 ? 0 : Math.max(0, rs.getLong(2) - rs.getLong(3));
                    return new Window(name, used, Duration.ofSeconds(freesIn));
                }
            }
        });
    }

    /** The LIKE pattern of a limit's start rows ({@code limit:NAME:<uuid>}), not its header row. */
    private static String startsPattern(String name) {
        // LIKE, not a range: MySQL's unicode collation does not sort punctuation by code point
        String from = ROW_PREFIX + name + ":";
        return from.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
