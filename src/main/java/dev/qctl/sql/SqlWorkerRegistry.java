package dev.qctl.sql;

import dev.qctl.queue.WorkerInfo;
import dev.qctl.queue.WorkerRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Heartbeats in {@code qctl_workers}: one row per worker, its {@link WorkerInfo} as JSON, and
 * {@code last_seen}/{@code expires_at} in the database's clock. A beat replaces the worker's row
 * and deletes every expired one in the same transaction, so a live fleet keeps the table pruned.
 */
final class SqlWorkerRegistry implements WorkerRegistry {
    private final SqlStore store;

    SqlWorkerRegistry(SqlStore store) {
        this.store = store;
    }

    @Override
    public void beat(WorkerInfo worker, Duration ttl) {
        String now = store.dialect.epochNow();
        store.tx(c -> {
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM qctl_workers WHERE id = ? OR expires_at <= " + now)) {
                delete.setString(1, worker.id());
                delete.executeUpdate();
            }
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO qctl_workers (id, info, last_seen, expires_at) VALUES (?, ?, " + now
                            + ", " + now + " + ?)")) {
                insert.setString(1, worker.id());
                insert.setString(2, worker.toJson());
                insert.setLong(3, Math.max(1, ttl.toSeconds()));
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<WorkerInfo> list() {
        return store.read(c -> {
            List<WorkerInfo> workers = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT info, last_seen FROM qctl_workers WHERE expires_at > "
                                    + store.dialect.epochNow() + " ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    workers.add(WorkerInfo.fromJson(rs.getString(1)).seenAt(rs.getLong(2)));
                }
            }
            return workers;
        });
    }

    @Override
    public boolean remove(String id) {
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM qctl_workers WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int prune() {
        return store.tx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM qctl_workers WHERE expires_at <= " + store.dialect.epochNow())) {
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public long now() {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + store.dialect.epochNow());
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
