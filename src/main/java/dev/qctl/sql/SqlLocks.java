package dev.qctl.sql;

import dev.qctl.queue.Locks;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locks in the {@code qctl_locks} table: one row per held lock, {@code expires_at} in the
 * database's Unix seconds. Taking a lock deletes an expired row and inserts, ignoring a live
 * one, in one transaction, so two takers never both win.
 */
final class SqlLocks implements Locks {
    private final SqlStore store;
    private final SchedulerTables tables;

    SqlLocks(SqlStore store, SchedulerTables tables) {
        this.store = store;
        this.tables = tables;
    }

    @Override
    public boolean acquire(String name, String owner, Duration ttl) {
        tables.ensure();
        Dialect d = store.dialect;
        String insert =
                d.insertIgnoringDuplicates("qctl_locks", "name, owner, expires_at", "?, ?, " + d.epochAfterSeconds());
        return store.tx(c -> {
            try (PreparedStatement del =
                    c.prepareStatement("DELETE FROM qctl_locks WHERE name = ? AND expires_at <= " + d.epochNow())) {
                del.setString(1, name);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement(insert)) {
                ins.setString(1, name);
                ins.setString(2, owner);
                ins.setDouble(3, Math.max(1, Math.ceil(ttl.toMillis() / 1000.0)));
                return ins.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean release(String name, String owner) {
        tables.ensure();
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM qctl_locks WHERE name = ? AND owner = ?")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Held> holder(String name) {
        tables.ensure();
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, owner, expires_at FROM qctl_locks"
                    + " WHERE name = ? AND expires_at > " + store.dialect.epochNow())) {
                ps.setString(1, name);
                return rows(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<Held> held(String prefix) {
        tables.ensure();
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, owner, expires_at FROM qctl_locks"
                    + " WHERE expires_at > " + store.dialect.epochNow() + " ORDER BY name")) {
                // a rate limit's rows share the table, but they are SqlRateLimits' bookkeeping, not locks
                return rows(ps).stream()
                        .filter(h -> h.name().startsWith(prefix) && !h.name().startsWith(SqlRateLimits.ROW_PREFIX))
                        .toList();
            }
        });
    }

    @Override
    public boolean clear(String name) {
        tables.ensure();
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM qctl_locks WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static List<Held> rows(PreparedStatement ps) throws SQLException {
        List<Held> held = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next())
                held.add(new Held(rs.getString(1), rs.getString(2), Instant.ofEpochSecond(rs.getLong(3))));
        }
        return held;
    }
}
