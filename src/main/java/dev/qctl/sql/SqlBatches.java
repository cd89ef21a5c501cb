package dev.qctl.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Batch;
import dev.qctl.queue.BatchEvents;
import dev.qctl.queue.BatchOptions;
import dev.qctl.queue.Batches;
import dev.qctl.queue.Json;
import dev.qctl.queue.LaravelBatchOptions;
import dev.qctl.queue.NoSuchBatchException;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Batches in Laravel's {@code job_batches} table. A job's outcome is one transaction: the fenced
 * delete of the job, the counter change (whose UPDATE locks the batch row until commit, and
 * SQLite's write transaction serializes anyway), a read of the counts it left, and the push of
 * any callback those counts set off. Two last jobs finishing together therefore see different
 * counts, and only one of them sees the moment a callback is due.
 */
final class SqlBatches implements Batches {
    private static final String COLUMNS = "id, name, total_jobs, pending_jobs, failed_jobs, failed_job_ids, options,"
            + " cancelled_at, created_at, finished_at";

    private final SqlStore store;
    private final SqlFailedJobStore failed;
    private final String connectionName;

    SqlBatches(SqlStore store, SqlFailedJobStore failed, String connectionName) {
        this.store = store;
        this.failed = failed;
        this.connectionName = connectionName;
    }

    /** A row and the callbacks its options hold. */
    private record Row(Batch batch, BatchOptions options) {}

    @Override
    public List<String> create(String id, String name, BatchOptions options, List<PushRequest> jobs) {
        Dialect d = store.dialect;
        String queue = jobs.isEmpty() ? null : jobs.getFirst().queue();
        String sql = "INSERT INTO job_batches (" + COLUMNS + ") VALUES (?, ?, ?, ?, 0, '[]', ?, NULL, " + d.epochNow()
                + ", NULL)";
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setInt(3, jobs.size());
                ps.setInt(4, jobs.size());
                ps.setString(5, LaravelBatchOptions.write(options, queue, d.base64BatchOptions()));
                ps.executeUpdate();
            }
            return push(c, jobs);
        });
    }

    @Override
    public List<String> add(String id, List<PushRequest> jobs) {
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_batches SET total_jobs = total_jobs + ?,"
                    + " pending_jobs = pending_jobs + ?, finished_at = NULL WHERE id = ?")) {
                ps.setInt(1, jobs.size());
                ps.setInt(2, jobs.size());
                ps.setString(3, id);
                if (ps.executeUpdate() == 0) throw new NoSuchBatchException(id);
            }
            return push(c, jobs);
        });
    }

    @Override
    public Optional<Batch> find(String id) {
        return store.read(c -> row(c, id).map(Row::batch));
    }

    @Override
    public List<Batch> list(int offset, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM job_batches ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, limit);
                ps.setInt(2, offset);
                return rows(ps).stream().map(Row::batch).toList();
            }
        });
    }

    @Override
    public boolean cancel(String id) {
        String now = store.dialect.epochNow();
        return store.tx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE job_batches SET cancelled_at = COALESCE(cancelled_at, " + now
                            + "), finished_at = COALESCE(finished_at, " + now + ") WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean ack(ReservedJob job, String batchId) {
        return store.tx(c -> {
            if (!store.dialect.ack(c, job)) return false;
            Row row = succeeded(c, batchId, uuidOf(job.rawPayload()));
            if (row != null) push(c, BatchEvents.afterSuccess(row.batch(), row.options()));
            return true;
        });
    }

    @Override
    public boolean fail(ReservedJob job, String batchId, String exception) {
        return store.tx(c -> {
            if (!store.dialect.ack(c, job)) return false;
            failed.insert(c, connectionName, job.queue(), job.rawPayload(), exception);
            Row row = failed(c, batchId, uuidOf(job.rawPayload()));
            if (row != null) push(c, BatchEvents.afterFailure(row.batch(), row.options()));
            return true;
        });
    }

    @Override
    public boolean countSucceeded(String id, String uuid) {
        return store.tx(c -> succeeded(c, id, uuid) != null);
    }

    @Override
    public boolean countFailed(String id, String uuid) {
        return store.tx(c -> failed(c, id, uuid) != null);
    }

    /** recordSuccessfulJob's counting; returns the row it left, or null if there is no such batch (pruned). */
    private Row succeeded(Connection c, String batchId, String uuid) throws SQLException {
        if (!count(c, "pending_jobs = pending_jobs - 1", batchId)) return null;
        Row row = row(c, batchId).orElseThrow();
        Batch b = row.batch();
        if (uuid != null && b.failedJobIds().contains(uuid)) {
            List<String> ids = new ArrayList<>(b.failedJobIds());
            ids.remove(uuid);
            setFailedIds(c, batchId, ids);
        }
        if (b.pendingJobs() == 0) finish(c, batchId);
        return row;
    }

    /** recordFailedJob's counting; returns the row it left (before a cancel), or null if there is no such batch. */
    private Row failed(Connection c, String batchId, String uuid) throws SQLException {
        if (!count(c, "failed_jobs = failed_jobs + 1", batchId)) return null;
        Row row = row(c, batchId).orElseThrow();
        Batch b = row.batch();
        if (uuid != null && !b.failedJobIds().contains(uuid)) {
            List<String> ids = new ArrayList<>(b.failedJobIds());
            ids.add(uuid);
            setFailedIds(c, batchId, ids);
        }
        if (BatchEvents.failureCancels(b, row.options())) {
            String now = store.dialect.epochNow();
            try (PreparedStatement ps = c.prepareStatement("UPDATE job_batches SET cancelled_at = " + now
                    + ", finished_at = COALESCE(finished_at, " + now + ") WHERE id = ?")) {
                ps.setString(1, batchId);
                ps.executeUpdate();
            }
        }
        return row;
    }

    @Override
    public long prune(Instant finished, Instant unfinished, Instant cancelled) {
        return store.tx(c -> {
            long n = 0;
            if (finished != null) n += delete(c, "finished_at IS NOT NULL AND finished_at < ?", finished);
            if (unfinished != null) n += delete(c, "finished_at IS NULL AND created_at < ?", unfinished);
            if (cancelled != null) n += delete(c, "cancelled_at IS NOT NULL AND created_at < ?", cancelled);
            return n;
        });
    }

    private List<String> push(Connection c, List<PushRequest> jobs) throws SQLException {
        if (jobs.isEmpty()) return List.of();
        List<String> ids = store.dialect.insertMany(c, jobs, n -> {});
        Set<String> queues = jobs.stream().map(PushRequest::queue).collect(Collectors.toSet());
        store.dialect.notifyNewJobs(c, queues);
        return ids;
    }

    private static boolean count(Connection c, String change, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE job_batches SET " + change + " WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    private void finish(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE job_batches SET finished_at = " + store.dialect.epochNow() + " WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static void setFailedIds(Connection c, String id, List<String> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE job_batches SET failed_job_ids = ? WHERE id = ?")) {
            ps.setString(1, Json.write(Json.MAPPER.valueToTree(ids)));
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private static long delete(Connection c, String where, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_batches WHERE " + where)) {
            ps.setLong(1, before.getEpochSecond());
            return ps.executeUpdate();
        }
    }

    private Optional<Row> row(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM job_batches WHERE id = ?")) {
            ps.setString(1, id);
            return rows(ps).stream().findFirst();
        }
    }

    private static List<Row> rows(PreparedStatement ps) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                BatchOptions options = LaravelBatchOptions.read(rs.getString("options"));
                rows.add(new Row(
                        new Batch(
                                rs.getString("id"),
                                rs.getString("name"),
                                rs.getInt("total_jobs"),
                                rs.getInt("pending_jobs"),
                                rs.getInt("failed_jobs"),
                                failedIds(rs.getString("failed_job_ids")),
                                options.allowFailures(),
                                rs.getLong("created_at"),
                                nullableLong(rs, "cancelled_at"),
                                nullableLong(rs, "finished_at")),
                        options));
            }
        }
        return rows;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static List<String> failedIds(String json) {
        if (json == null || json.isBlank()) return List.of();
        try {
            JsonNode node = Json.parse(json, "failed_job_ids");
            List<String> ids = new ArrayList<>();
            node.forEach(n -> ids.add(n.asText()));
            return ids;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static String uuidOf(String raw) {
        try {
            return Payload.parse(raw).uuid();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
