package dev.qctl.sql;

import dev.qctl.queue.Capability;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.ReservedJob;
import dev.qctl.base.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.IntConsumer;

/**
 * The queue on Laravel's {@code jobs} table, for every SQL database. Times are Unix
 * seconds taken from the database's clock ({@link Dialect#epochNow()}), never the worker's.
 * A row is available when {@code reserved_at IS NULL AND available_at <= now}; a
 * reservation is abandoned once {@code reserved_at <= now - retry_after}. Changes to a
 * reserved row are fenced by {@code attempts}: they match only the reservation that made them.
 */
public final class SqlQueueBackend implements QueueBackend {
    private final SqlStore store;
    private final String connectionName;
    private final SqlFailedJobStore failed;
    private final String now;

    /**
     * Opens the database. SQLite files are migrated on first use (zero setup); a server
     * database must have been migrated with {@code qctl migrate}.
     */
    SqlQueueBackend(ConnectionUrl url, Dialect dialect, int poolSize) {
        this.store = new SqlStore(url, dialect, poolSize);
        this.connectionName = url.family();
        this.failed = new SqlFailedJobStore(store);
        this.now = store.dialect.epochNow();
    }

    /** Whether the jobs and failed_jobs tables exist. */
    boolean hasTables() {
        return store.hasTables();
    }

    /** Fails with a one-line hint when {@code qctl migrate} has not been run on this database. */
    void requireTables() {
        if (!hasTables()) {
            throw new StoreUnavailableException("the jobs tables do not exist in " + store.url.redacted()
                    + ": run `qctl migrate --connection " + store.url.redacted() + "` first");
        }
    }

    @Override
    public String connectionName() {
        return connectionName;
    }

    @Override
    public Duration retryAfter() {
        return store.url.retryAfter();
    }

    /** A bulk push is one transaction on every SQL database; wake-ups where the dialect has a channel for them. */
    @Override
    public Set<Capability> capabilities() {
        return store.dialect.wakesOnPush() ? Set.of(Capability.ATOMIC_BULK_PUSH, Capability.WAKE_ON_PUSH)
                : Set.of(Capability.ATOMIC_BULK_PUSH);
    }

    @Override
    public void migrate() {
        store.migrate();
    }

    @Override
    public String push(PushRequest request) {
        return pushBulk(List.of(request)).getFirst();
    }

    @Override
    public List<String> pushBulk(List<PushRequest> requests, IntConsumer progress) {
        String sql = "INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at) "
                + "VALUES (?, ?, 0, NULL, " + store.dialect.epochAfterSeconds() + ", " + now + ")";
        String arrays = store.dialect.insertManyReturning();
        return store.tx(c -> {
            List<String> ids = new ArrayList<>(requests.size());
            if (arrays != null && requests.size() > 1) { // a lone dispatch keeps the plain INSERT
                insertAsArrays(c, arrays, requests, ids, progress);
            } else {
                try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                    insertInBatches(ps, requests, ids, progress);
                }
            }
            progress.accept(ids.size());
            store.dialect.notifyNewJobs(c, requests.stream().map(PushRequest::queue).collect(java.util.stream.Collectors.toSet()));
            return ids;
        });
    }

    /** PostgreSQL: each chunk of {@link Dialect#pushBatchSize()} rows is one statement with three array parameters. */
    private void insertAsArrays(Connection c, String sql, List<PushRequest> requests, List<String> ids,
            IntConsumer progress) throws SQLException {
        int size = store.dialect.pushBatchSize();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < requests.size(); from += size) {
                List<PushRequest> batch = requests.subList(from, Math.min(requests.size(), from + size));
                String[] queues = new String[batch.size()];
                String[] payloads = new String[batch.size()];
                Double[] delays = new Double[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    queues[i] = batch.get(i).queue();
                    payloads[i] = batch.get(i).payload().toJson();
                    delays[i] = delaySeconds(batch.get(i).delay());
                }
                ps.setArray(1, c.createArrayOf("text", queues));
                ps.setArray(2, c.createArrayOf("text", payloads));
                ps.setArray(3, c.createArrayOf("float8", delays));
                List<Long> inserted = new ArrayList<>(batch.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) inserted.add(rs.getLong(1));
                }
                if (inserted.size() != batch.size()) {
                    throw new SQLException("inserted " + inserted.size() + " rows for " + batch.size() + " jobs");
                }
                inserted.sort(null); // ids come from one sequence in insertion order
                inserted.forEach(id -> ids.add(Long.toString(id)));
                progress.accept(ids.size());
            }
        }
    }

    /** Rows go in JDBC batches of the dialect's size, one round trip each rather than one per row. */
    private void insertInBatches(PreparedStatement ps, List<PushRequest> requests, List<String> ids, IntConsumer progress)
            throws SQLException {
        int size = store.dialect.pushBatchSize();
        for (int from = 0; from < requests.size(); from += size) {
            List<PushRequest> batch = requests.subList(from, Math.min(requests.size(), from + size));
            for (PushRequest r : batch) {
                bindPush(ps, r);
                if (size > 1) ps.addBatch();
            }
            if (size > 1) ps.executeBatch();
            else ps.executeUpdate(); // SQLite: its driver returns no ids at all after executeBatch
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) ids.add(Long.toString(keys.getLong(1)));
            }
            if (ids.size() != from + batch.size()) {
                throw new SQLException("the driver returned " + (ids.size() - from) + " ids for " + batch.size() + " rows");
            }
            if (ids.size() % 100 < batch.size()) progress.accept(ids.size()); // each large batch; every 100th single row
        }
    }

    private void bindPush(PreparedStatement ps, PushRequest r) throws SQLException {
        ps.setString(1, r.queue());
        ps.setString(2, r.payload().toJson());
        ps.setDouble(3, delaySeconds(r.delay()));
    }

    @Override
    public List<ReservedJob> reserve(List<String> queues, int max) {
        long retryAfter = retryAfter().toSeconds();
        String available = "queue = ? AND ((reserved_at IS NULL AND available_at <= " + now + ") OR reserved_at <= "
                + now + " - ?) ORDER BY id LIMIT ?" + store.dialect.skipLockedClause();
        return store.tx(c -> {
            List<ReservedJob> jobs = new ArrayList<>();
            for (String queue : queues) {
                int wanted = max - jobs.size();
                if (store.dialect.updateReturning()) {
                    jobs.addAll(reserveReturning(c, queue, available, retryAfter, wanted));
                } else {
                    jobs.addAll(selectThenMark(c, queue, available, retryAfter, wanted));
                }
                if (jobs.size() >= max) break;
            }
            return jobs;
        });
    }

    /** One statement: mark the rows and get them back (PostgreSQL, SQLite). */
    private List<ReservedJob> reserveReturning(Connection c, String queue, String available, long retryAfter, int max)
            throws SQLException {
        String sql = store.dialect.reserveReturning("reserved_at = " + now + ", attempts = attempts + 1", available);
        List<ReservedJob> jobs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, queue);
            ps.setLong(2, retryAfter);
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new ReservedJob(Long.toString(rs.getLong(1)), queue, rs.getString(2), rs.getInt(3), null));
                }
            }
        }
        jobs.sort(java.util.Comparator.comparingLong(j -> Long.parseLong(j.id()))); // RETURNING has no order
        return jobs;
    }

    /** Two statements in the transaction: lock the rows, then mark them (MySQL/MariaDB have no UPDATE … RETURNING). */
    private List<ReservedJob> selectThenMark(Connection c, String queue, String available, long retryAfter, int max)
            throws SQLException {
        List<ReservedJob> jobs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, payload, attempts FROM jobs WHERE " + available)) {
            ps.setString(1, queue);
            ps.setLong(2, retryAfter);
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new ReservedJob(Long.toString(rs.getLong(1)), queue, rs.getString(2), rs.getInt(3) + 1, null));
                }
            }
        }
        if (!jobs.isEmpty()) markReserved(c, jobs);
        return jobs;
    }

    private void markReserved(Connection c, List<ReservedJob> jobs) throws SQLException {
        StringJoiner ids = new StringJoiner(",", "(", ")");
        for (ReservedJob j : jobs) ids.add(j.id()); // numeric ids read from the database, never user input
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE jobs SET reserved_at = " + now + ", attempts = attempts + 1 WHERE id IN " + ids);
        }
    }

    @Override
    public boolean delete(ReservedJob job) {
        return store.tx(c -> deleteFenced(c, job));
    }

    /** All the acks in one transaction and one batch: one commit for the lot. */
    @Override
    public List<Boolean> deleteAll(List<ReservedJob> jobs) {
        if (jobs.size() == 1) return List.of(delete(jobs.getFirst()));
        String oneStatement = store.dialect.deleteFencedReturning();
        return store.tx(c -> oneStatement != null ? deleteInOneStatement(c, oneStatement, jobs) : deleteInBatch(c, jobs));
    }

    private static List<Boolean> deleteInOneStatement(Connection c, String sql, List<ReservedJob> jobs) throws SQLException {
        Long[] ids = new Long[jobs.size()];
        Integer[] attempts = new Integer[jobs.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Long.parseLong(jobs.get(i).id());
            attempts[i] = jobs.get(i).attempts();
        }
        Set<String> deleted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            ps.setArray(2, c.createArrayOf("integer", attempts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) deleted.add(Long.toString(rs.getLong(1)));
            }
        }
        List<Boolean> applied = new ArrayList<>(jobs.size());
        for (ReservedJob job : jobs) applied.add(deleted.contains(job.id()));
        return applied;
    }

    private static List<Boolean> deleteInBatch(Connection c, List<ReservedJob> jobs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM jobs WHERE id = ? AND attempts = ? AND reserved_at IS NOT NULL")) {
            for (ReservedJob job : jobs) {
                ps.setLong(1, Long.parseLong(job.id()));
                ps.setInt(2, job.attempts());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<Boolean> applied = new ArrayList<>(jobs.size());
            for (int count : counts) applied.add(count == 1);
            return applied;
        }
    }

    @Override
    public boolean release(ReservedJob job, String payload, Duration delay) {
        String sql = "UPDATE jobs SET reserved_at = NULL, payload = ?, available_at = " + store.dialect.epochAfterSeconds() + " "
                + "WHERE id = ? AND attempts = ? AND reserved_at IS NOT NULL";
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, payload);
                ps.setDouble(2, delaySeconds(delay));
                ps.setLong(3, Long.parseLong(job.id()));
                ps.setInt(4, job.attempts());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean unreserve(ReservedJob job) {
        // the row never left its place (ids order the queue); only the attempt is taken back
        String sql = "UPDATE jobs SET reserved_at = NULL, attempts = attempts - 1 "
                + "WHERE id = ? AND attempts = ? AND reserved_at IS NOT NULL";
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, Long.parseLong(job.id()));
                ps.setInt(2, job.attempts());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean renew(ReservedJob job) {
        // moving reserved_at to now pushes the abandonment horizon (reserved_at + retry_after) forward
        String sql = "UPDATE jobs SET reserved_at = " + now + " WHERE id = ? AND attempts = ? AND reserved_at IS NOT NULL";
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, Long.parseLong(job.id()));
                ps.setInt(2, job.attempts());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean fail(ReservedJob job, String exception) {
        return store.tx(c -> {
            if (!deleteFenced(c, job)) return false;
            failed.insert(c, connectionName, job.queue(), job.rawPayload(), exception);
            return true;
        });
    }

    private boolean deleteFenced(Connection c, ReservedJob job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM jobs WHERE id = ? AND attempts = ? AND reserved_at IS NOT NULL")) {
            ps.setLong(1, Long.parseLong(job.id()));
            ps.setInt(2, job.attempts());
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public AutoCloseable onNewJobs(List<String> queues, Runnable wake) {
        return store.dialect.listenForJobs(store, queues, wake);
    }

    @Override
    public void tidy() {
        String sql = store.dialect.tidyStatement();
        if (sql == null) return;
        store.read(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute(sql);
            }
        });
    }

    @Override
    public QueueSizes sizes(String queue) {
        String sql = "SELECT "
                + "SUM(CASE WHEN reserved_at IS NULL AND available_at <= t.now THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN reserved_at IS NULL AND available_at > t.now THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN reserved_at IS NOT NULL THEN 1 ELSE 0 END), "
                + "MIN(CASE WHEN reserved_at IS NULL AND available_at <= t.now THEN available_at END), "
                + "MAX(t.now) "
                + "FROM (SELECT " + now + " AS now) t LEFT JOIN jobs ON jobs.queue = ?";
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, queue);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long oldest = rs.getLong(4);
                    boolean hasOldest = !rs.wasNull();
                    return new QueueSizes(queue, rs.getLong(1), rs.getLong(2), rs.getLong(3),
                            hasOldest ? Math.max(0, rs.getLong(5) - oldest) : -1);
                }
            }
        });
    }

    @Override
    public long clear(String queue) {
        return store.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE queue = ?")) {
                ps.setString(1, queue);
                return (long) ps.executeUpdate();
            }
        });
    }

    @Override
    public FailedJobStore failedJobs() {
        return failed;
    }

    @Override
    public void close() {
        store.close();
    }

    private static double delaySeconds(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) return -1; // rounds up to "now": available at once
        return delay.toMillis() / 1000.0;
    }
}
