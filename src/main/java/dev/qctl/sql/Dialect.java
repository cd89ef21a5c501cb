package dev.qctl.sql;

import dev.qctl.queue.ConnectionUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What differs between the SQL databases qctl supports. Everything else — the queries the
 * worker runs, fencing, failed jobs — lives once in {@link SqlQueueBackend}.
 */
interface Dialect {

    /** Classpath resource holding this database's DDL (statements separated by ";" at line ends). */
    String schemaResource();

    /** The JDBC URL for a qctl connection URL (without user and password). */
    String jdbcUrl(ConnectionUrl url);

    /** An SQL expression for the store's current time in whole Unix seconds. */
    String epochNow();

    /**
     * An SQL expression for "now + ? seconds", rounded up to a whole second, so a job delayed
     * by N seconds becomes available after at least N seconds (the columns hold whole seconds).
     */
    String epochAfterSeconds();

    /** Appended to the reservation SELECT so concurrent workers skip each other's rows. */
    String skipLockedClause();

    /** Whether UPDATE … RETURNING exists, so a reservation is one statement. */
    default boolean updateReturning() {
        return false;
    }

    /**
     * The one-statement reservation, where {@link #updateReturning()}: mark the rows the
     * {@code SELECT id FROM jobs WHERE pick} finds and return their id, payload and attempts.
     */
    default String reserveReturning(String setReserved, String pick) {
        return "UPDATE jobs SET " + setReserved + " WHERE id IN (SELECT id FROM jobs WHERE " + pick
                + ") RETURNING id, payload, attempts";
    }

    /**
     * How many rows of a bulk push go to the store in one JDBC batch. The driver must return
     * every generated id of a batch, in order. SQLite's returns none after a batch, and in
     * process a row costs no round trip anyway, so SQLite inserts its rows one at a time.
     */
    default int pushBatchSize() {
        return 1_000;
    }

    /**
     * One INSERT that takes the rows of a bulk push as three arrays (queue text, payload text,
     * delay seconds) and returns the new ids, or null where there is no such statement. The
     * rows are inserted in array order, so the ids, sorted, line up with the requests.
     */
    default String insertManyReturning() {
        return null;
    }

    /**
     * One statement that deletes the jobs whose (id, attempts) pairs arrive as two arrays
     * (bigint, integer) and returns the ids it deleted, or null where there is no such
     * statement and a JDBC batch of single deletes does the work.
     */
    default String deleteFencedReturning() {
        return null;
    }

    /** Tells listening workers that jobs were pushed to these queues (inside the push transaction). */
    default void notifyNewJobs(Connection c, java.util.Set<String> queues) throws SQLException {}

    /** Whether {@link #listenForJobs} really listens (a channel such as LISTEN/NOTIFY); by default it does not. */
    default boolean wakesOnPush() {
        return false;
    }

    /** Wakes an idle worker when jobs arrive, if this database can push such news; by default it cannot. */
    default AutoCloseable listenForJobs(SqlStore store, java.util.List<String> queues, Runnable wake) {
        return () -> {};
    }

    /** A statement, run outside a transaction, that reclaims the jobs table's dead rows; null if none is needed. */
    default String tidyStatement() {
        return null;
    }

    /** Starts a write transaction that holds the write lock from its first statement. */
    void begin(Connection c) throws SQLException;

    void commit(Connection c) throws SQLException;

    void rollback(Connection c) throws SQLException;

    /** A deadlock, lock timeout or busy database: the transaction may simply be tried again. */
    boolean isTransient(SQLException e);

    /** Fails with a one-line message if the server is too old for qctl's queries. */
    default void checkServerVersion(Connection c) throws SQLException {}

    /** Writes a failed_at value (UTC) the way Laravel stores it on this database. */
    default void bindTimestamp(PreparedStatement ps, int index, Instant at) throws SQLException {
        ps.setObject(index, java.time.LocalDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
    }

    default Instant readTimestamp(ResultSet rs, String column) throws SQLException {
        java.time.LocalDateTime t = rs.getObject(column, java.time.LocalDateTime.class);
        return t == null ? null : t.toInstant(java.time.ZoneOffset.UTC);
    }

    /** Gets the machine ready before the pool opens (SQLite: the file's directory, the native library). */
    default void prepare(ConnectionUrl url) {}

    /** How many pooled connections to open when the caller may use {@code wanted} at once. */
    default int poolSize(int wanted) {
        return Math.max(1, wanted);
    }
}
