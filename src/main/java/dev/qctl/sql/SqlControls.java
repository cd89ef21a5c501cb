package dev.qctl.sql;

import dev.qctl.queue.Controls;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fleet signals in {@code qctl_controls}: the row {@code restart} holds the latest restart
 * signal (Unix seconds, the database's clock) and a row {@code paused:QUEUE} per paused queue.
 */
final class SqlControls implements Controls {
    private static final String RESTART = "restart";
    private static final String PAUSED = "paused:";

    private final SqlStore store;

    SqlControls(SqlStore store) {
        this.store = store;
    }

    @Override
    public long restart() {
        return store.tx(c -> {
            long previous = 0;
            long now;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + store.dialect.epochNow());
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                now = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM qctl_controls WHERE name = ?")) {
                ps.setString(1, RESTART);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) previous = rs.getLong(1);
                }
            }
            long signal = Math.max(now, previous + 1);
            put(c, RESTART, signal);
            return signal;
        });
    }

    @Override
    public void pause(String queue) {
        store.tx(c -> {
            put(c, PAUSED + queue, 1);
            return null;
        });
    }

    @Override
    public boolean resume(String queue) {
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM qctl_controls WHERE name = ?")) {
                ps.setString(1, PAUSED + queue);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public State read() {
        return store.read(c -> {
            long restart = 0;
            Set<String> paused = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, value FROM qctl_controls");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (name.equals(RESTART)) restart = rs.getLong(2);
                    else if (name.startsWith(PAUSED)) paused.add(name.substring(PAUSED.length()));
                }
            }
            return new State(restart, Set.copyOf(paused));
        });
    }

    /** Replaces a row; delete-then-insert is the same SQL on every dialect, and runs in the caller's transaction. */
    private static void put(Connection c, String name, long value) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM qctl_controls WHERE name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO qctl_controls (name, value) VALUES (?, ?)")) {
            insert.setString(1, name);
            insert.setLong(2, value);
            insert.executeUpdate();
        }
    }
}
