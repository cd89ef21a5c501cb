package dev.qctl.sql;

import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.ReservedJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.IntConsumer;

/**
 * One SQL database: how to reach it, and every operation the queue runs on it. Each operation
 * runs in the caller's transaction ({@link SqlStore#tx}). The implementations here are plain
 * JDBC and portable SQL, one round trip per step; a dialect overrides an operation only where
 * its database does it in fewer (RETURNING, array parameters). Every change to a reserved
 * row is fenced by {@link JobsTable#FENCED}.
 */
abstract class Dialect {
    /** Rows per JDBC batch (and per array INSERT) of a bulk push. */
    static final int PUSH_BATCH = 1_000;

    private static final String ACK = "DELETE FROM jobs WHERE " + JobsTable.FENCED;

    /** Classpath resource holding this database's DDL (statements separated by ";" at line ends). */
    abstract String schemaResource();

    /** The JDBC URL for a qctl connection URL (without user and password). */
    abstract String jdbcUrl(ConnectionUrl url);

    /** Gets the machine ready before the pool opens (SQLite: the file's directory, the native library). */
    void prepare(ConnectionUrl url) {}

    /** How many pooled connections to open when the caller may use {@code wanted} at once. */
    int poolSize(int wanted) {
        return Math.max(1, wanted);
    }

    /** Fails with a one-line message if the server is too old for qctl's queries. */
    void checkServerVersion(Connection c) throws SQLException {}

    /**
     * The largest value the jobs table's attempts column holds (Laravel's schema: smallint on
     * PostgreSQL, the table's own column type on MySQL/MariaDB, a 64-bit integer on SQLite).
     */
    abstract long attemptsLimit();

    /** Starts a write transaction that holds the write lock from its first statement. */
    abstract void begin(Connection c) throws SQLException;

    abstract void commit(Connection c) throws SQLException;

    abstract void rollback(Connection c) throws SQLException;

    /** A deadlock, lock timeout or busy database: the transaction may simply be tried again. */
    abstract boolean isTransient(SQLException e);

    /** An SQL expression for the store's current time in whole Unix seconds (the database's clock, never the worker's). */
    abstract String epochNow();

    /**
     * An SQL expression for "now + ? seconds", rounded up to a whole second, so a job delayed
     * by N seconds becomes available after at least N seconds (the columns hold whole seconds).
     */
    abstract String epochAfterSeconds();

    /** A column name as this dialect quotes it, for names that are keywords somewhere ({@code key}). */
    String quoted(String column) {
        return '"' + column + '"';
    }

    /** An INSERT that does nothing (changing no row) when the row's key is already there. */
    String insertIgnoringDuplicates(String table, String columns, String values) {
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT DO NOTHING";
    }

    /**
     * The clause that makes a SELECT read the latest committed row and lock it until commit
     * (MySQL's plain reads see the transaction's snapshot); SQLite's write transactions already
     * hold the whole database, so it needs none.
     */
    String lockingRead() {
        return " FOR UPDATE";
    }

    /** Writes a failed_at value (UTC) the way Laravel stores it on this database. */
    void bindTimestamp(PreparedStatement ps, int index, Instant at) throws SQLException {
        ps.setObject(index, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    Instant readTimestamp(ResultSet rs, String column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** Whether job_batches.options is stored base64-encoded, as Laravel does on PostgreSQL. */
    boolean base64BatchOptions() {
        return false;
    }

    /** Tells listening workers that jobs were pushed to these queues (inside the push transaction). */
    void notifyNewJobs(Connection c, Set<String> queues) throws SQLException {}

    /** Whether {@link #listenForJobs} really listens (a channel such as LISTEN/NOTIFY); by default it does not. */
    boolean wakesOnPush() {
        return false;
    }

    /** Wakes an idle worker when jobs arrive, if this database can push such news; by default it cannot. */
    AutoCloseable listenForJobs(SqlStore store, List<String> queues, Runnable wake) {
        return () -> {};
    }

    /** The single-row INSERT of a push: parameters queue, payload, delay seconds. */
    final String insertOne() {
        return JobsTable.INSERT + "VALUES (?, ?, 0, NULL, " + epochAfterSeconds() + ", " + epochNow() + ")";
    }

    /**
     * Inserts the jobs and returns their ids in request order, calling {@code progress} with the
     * count so far now and then. Here: JDBC batches of {@link #PUSH_BATCH}, one round trip each;
     * the driver must return every generated id of a batch, in order.
     */
    List<String> insertMany(Connection c, List<PushRequest> requests, IntConsumer progress) throws SQLException {
        List<String> ids = new ArrayList<>(requests.size());
        try (PreparedStatement ps = c.prepareStatement(insertOne(), Statement.RETURN_GENERATED_KEYS)) {
            for (int from = 0; from < requests.size(); from += PUSH_BATCH) {
                List<PushRequest> batch = requests.subList(from, Math.min(requests.size(), from + PUSH_BATCH));
                for (PushRequest r : batch) {
                    JobsTable.bindPush(ps, r);
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) ids.add(Long.toString(keys.getLong(1)));
                }
                if (ids.size() != from + batch.size()) {
                    throw new SQLException(
                            "the driver returned " + (ids.size() - from) + " ids for " + batch.size() + " rows");
                }
                progress.accept(ids.size());
            }
        }
        return ids;
    }

    /** Reserves up to {@code max} jobs, taking the queues in order, the oldest jobs of each first. */
    final List<ReservedJob> reserve(Connection c, List<String> queues, int max, long retryAfterSeconds)
            throws SQLException {
        List<ReservedJob> jobs = new ArrayList<>();
        for (String queue : queues) {
            jobs.addAll(reserveFrom(c, queue, max - jobs.size(), retryAfterSeconds));
            if (jobs.size() >= max) break;
        }
        return jobs;
    }

    /**
     * Reserves up to {@code max} available jobs of one queue, in id order. Here: lock the rows
     * (skipping rows other workers hold), then mark them — two statements, for databases without
     * UPDATE … RETURNING (MySQL, MariaDB).
     */
    List<ReservedJob> reserveFrom(Connection c, String queue, int max, long retryAfterSeconds) throws SQLException {
        List<ReservedJob> jobs = new ArrayList<>();
        String pick = "SELECT id, payload, attempts FROM jobs WHERE " + JobsTable.available(epochNow())
                + JobsTable.SKIP_LOCKED;
        try (PreparedStatement ps = c.prepareStatement(pick)) {
            JobsTable.bindAvailable(ps, queue, retryAfterSeconds, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new ReservedJob(
                            Long.toString(rs.getLong(1)),
                            queue,
                            rs.getString(2),
                            Math.min(rs.getLong(3) + 1, attemptsLimit()),
                            null));
                }
            }
        }
        if (jobs.isEmpty()) return jobs;
        StringJoiner ids = new StringJoiner(",", "(", ")");
        for (ReservedJob j : jobs) ids.add(j.id()); // numeric ids read from the database, never user input
        try (Statement s = c.createStatement()) {
            s.executeUpdate(
                    "UPDATE jobs SET " + JobsTable.reserving(epochNow(), attemptsLimit()) + " WHERE id IN " + ids);
        }
        return jobs;
    }

    /** Deletes a finished job (an ack, or the first step of a failure); false if its reservation was lost. */
    boolean ack(Connection c, ReservedJob job) throws SQLException {
        return JobsTable.changeFenced(c, ACK, job);
    }

    /** Acks a group of jobs, saying job by job whether the ack applied. Here: one JDBC batch of {@link #ack}s. */
    List<Boolean> ackMany(Connection c, List<ReservedJob> jobs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ACK)) {
            for (ReservedJob job : jobs) {
                JobsTable.bindFence(ps, 1, job);
                ps.addBatch();
            }
            List<Boolean> applied = new ArrayList<>(jobs.size());
            for (int count : ps.executeBatch()) applied.add(count == 1);
            return applied;
        }
    }

    /** Puts a reserved job back with a new payload, available after {@code delay}. */
    boolean release(Connection c, ReservedJob job, String payload, Duration delay) throws SQLException {
        String sql = "UPDATE jobs SET reserved_at = NULL, payload = ?, available_at = " + epochAfterSeconds()
                + " WHERE " + JobsTable.FENCED;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, payload);
            ps.setDouble(2, JobsTable.delaySeconds(delay));
            JobsTable.bindFence(ps, 3, job);
            return ps.executeUpdate() == 1;
        }
    }

    /** Puts a reserved job back for later, taking its attempt back (a postponed start is not an attempt). */
    boolean postpone(Connection c, ReservedJob job, Duration delay) throws SQLException {
        String sql = "UPDATE jobs SET reserved_at = NULL, attempts = attempts - 1, available_at = "
                + epochAfterSeconds() + " WHERE " + JobsTable.FENCED;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, JobsTable.delaySeconds(delay));
            JobsTable.bindFence(ps, 2, job);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Hands a reserved job back untouched: the row never left its place (ids order the queue),
     * only the attempt is taken back.
     */
    boolean unreserve(Connection c, ReservedJob job) throws SQLException {
        String sql = "UPDATE jobs SET reserved_at = NULL, attempts = attempts - 1 WHERE " + JobsTable.FENCED;
        return JobsTable.changeFenced(c, sql, job);
    }

    /** Extends a lease: moving reserved_at to now pushes the abandonment horizon (reserved_at + retry_after) on. */
    boolean renew(Connection c, ReservedJob job) throws SQLException {
        return JobsTable.changeFenced(c, renewSql(), job);
    }

    /** Restarts a held lease's clock: the reservation is fenced by the job's id and attempt. */
    private String renewSql() {
        return "UPDATE jobs SET reserved_at = " + epochNow() + " WHERE " + JobsTable.FENCED;
    }

    /** {@link #renew} for many jobs as one batch; true, job by job, where the lease was still held. */
    List<Boolean> renewAll(Connection c, List<ReservedJob> jobs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(renewSql())) {
            for (ReservedJob job : jobs) {
                JobsTable.bindFence(ps, 1, job);
                ps.addBatch();
            }
            int[] changed = ps.executeBatch();
            List<Boolean> held = new ArrayList<>(changed.length);
            for (int i = 0; i < changed.length; i++)
                // a driver that did not count a statement: ask again for that one (renewing twice is harmless)
                held.add(changed[i] == Statement.SUCCESS_NO_INFO ? renew(c, jobs.get(i)) : changed[i] == 1);
            return held;
        }
    }

    /** The queue's pending, delayed and reserved counts and its oldest pending job's age, in one read. */
    QueueSizes sizes(Connection c, String queue) throws SQLException {
        String sql = "SELECT "
                + "SUM(CASE WHEN reserved_at IS NULL AND available_at <= t.now THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN reserved_at IS NULL AND available_at > t.now THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN reserved_at IS NOT NULL THEN 1 ELSE 0 END), "
                + "MIN(CASE WHEN reserved_at IS NULL AND available_at <= t.now THEN available_at END), "
                + "MAX(t.now) "
                + "FROM (SELECT " + epochNow() + " AS now) t LEFT JOIN jobs ON jobs.queue = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long oldest = rs.getLong(4);
                boolean hasOldest = !rs.wasNull();
                return new QueueSizes(
                        queue,
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        hasOldest ? Math.max(0, rs.getLong(5) - oldest) : -1);
            }
        }
    }

    /** One job by its primary key, with its state by the store's clock; empty when it is not in the table. */
    java.util.Optional<dev.qctl.queue.QueuedJob> findQueued(Connection c, long id) throws SQLException {
        String sql = "SELECT jobs.queue, jobs.reserved_at, jobs.available_at, t.now, jobs.payload" + " FROM (SELECT "
                + epochNow() + " AS now) t JOIN jobs ON jobs.id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return java.util.Optional.empty();
                rs.getLong(2);
                boolean reserved = !rs.wasNull();
                String state = reserved ? "reserved" : rs.getLong(3) > rs.getLong(4) ? "delayed" : "pending";
                return java.util.Optional.of(
                        new dev.qctl.queue.QueuedJob(Long.toString(id), rs.getString(1), state, rs.getString(5)));
            }
        }
    }

    /** Deletes every job of a queue, reserved ones included; returns how many. */
    long clear(Connection c, String queue) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE queue = ?")) {
            ps.setString(1, queue);
            return ps.executeUpdate();
        }
    }

    /** Reclaims the jobs table's dead rows, outside any transaction, where the database needs that; here nothing. */
    void tidy(SqlStore store) {}
}
