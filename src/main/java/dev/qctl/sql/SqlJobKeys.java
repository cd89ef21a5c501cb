package dev.qctl.sql;

import dev.qctl.queue.JobKeys;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Dispatch ids and unique keys as rows of {@code qctl_locks} (name {@code id:KEY} or
 * {@code unique:KEY}), whose primary key makes a
 * keyed push race-free: the row and the job are inserted in one transaction, and a second pusher's
 * insert waits for the first to commit, then finds the row. The owner is {@code job:ID} while the
 * job is in the queue (expiring in {@link #WHILE_QUEUED}, i.e. never in practice, or after a
 * unique job's unique-for duration) and
 * {@code done:ID} while a finished job's key is kept. A {@code job:} row whose job is gone (its
 * worker died between the ack and freeing the key) counts as free.
 */
final class SqlJobKeys implements JobKeys {
    /** How long a queued job's key is held: until the job leaves the queue. */
    static final long WHILE_QUEUED = 10L * 365 * 24 * 3600;

    private final SqlStore store;
    private final SchedulerTables tables;

    SqlJobKeys(SqlStore store, SchedulerTables tables) {
        this.store = store;
        this.tables = tables;
    }

    @Override
    public Pushed push(String name, Duration holdAtMost, PushRequest request) {
        tables.ensure();
        Dialect d = store.dialect;
        // expires_at counts whole seconds
        long hold = holdAtMost == null ? WHILE_QUEUED : Math.max(1, (holdAtMost.toMillis() + 999) / 1000);
        return store.tx(c -> {
            try (PreparedStatement del =
                    c.prepareStatement("DELETE FROM qctl_locks WHERE name = ? AND expires_at <= " + d.epochNow())) {
                del.setString(1, name);
                del.executeUpdate();
            }
            String insert = d.insertIgnoringDuplicates(
                    "qctl_locks", "name, owner, expires_at", "?, ?, " + d.epochAfterSeconds());
            boolean taken;
            try (PreparedStatement ins = c.prepareStatement(insert)) {
                ins.setString(1, name);
                ins.setString(2, "job:");
                ins.setDouble(3, hold);
                taken = ins.executeUpdate() == 1;
            }
            if (!taken) {
                String owner = owner(c, name);
                if (owner != null && (owner.startsWith("done:") || jobExists(c, owner.substring("job:".length())))) {
                    return new Pushed(owner.substring(owner.indexOf(':') + 1), true);
                }
                // the holder's job is gone: the key is free, and this transaction holds its row lock
                try (PreparedStatement up = c.prepareStatement("UPDATE qctl_locks SET owner = 'job:', expires_at = "
                        + d.epochAfterSeconds() + " WHERE name = ?")) {
                    up.setDouble(1, hold);
                    up.setString(2, name);
                    up.executeUpdate();
                }
            }
            String id = d.insertMany(c, List.of(request), n -> {}).getFirst();
            try (PreparedStatement up = c.prepareStatement("UPDATE qctl_locks SET owner = ? WHERE name = ?")) {
                up.setString(1, "job:" + id);
                up.setString(2, name);
                up.executeUpdate();
            }
            d.notifyNewJobs(c, Set.of(request.queue()));
            return new Pushed(id, false);
        });
    }

    @Override
    public boolean ackFreeing(ReservedJob job, String name, Duration keep) {
        tables.ensure();
        return store.tx(c -> {
            if (!store.dialect.ack(c, job)) return false;
            free(c, name, job.id(), keep);
            return true;
        });
    }

    @Override
    public void free(String name, String jobId, Duration keep) {
        tables.ensure();
        store.tx(c -> {
            free(c, name, jobId, keep);
            return null;
        });
    }

    private void free(Connection c, String name, String jobId, Duration keep) throws SQLException {
        String sql = keep.isZero()
                ? "DELETE FROM qctl_locks WHERE name = ? AND owner = ?"
                : "UPDATE qctl_locks SET owner = ?, expires_at = " + store.dialect.epochAfterSeconds()
                        + " WHERE name = ? AND owner = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (!keep.isZero()) {
                ps.setString(i++, "done:" + jobId);
                ps.setDouble(i++, Math.max(1, keep.toSeconds()));
            }
            ps.setString(i++, name);
            ps.setString(i, "job:" + jobId);
            ps.executeUpdate();
        }
    }

    /** The key row's owner, read as committed and locked until this transaction ends. */
    private String owner(Connection c, String name) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT owner FROM qctl_locks WHERE name = ?" + store.dialect.lockingRead())) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static boolean jobExists(Connection c, String id) throws SQLException {
        long row;
        try {
            row = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs WHERE id = ?")) {
            ps.setLong(1, row);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
