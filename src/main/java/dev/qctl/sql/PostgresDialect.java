package dev.qctl.sql;

import dev.qctl.queue.ConnectionUrl;
import dev.qctl.base.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;

/** PostgreSQL ≥ 9.5 (for SKIP LOCKED). */
final class PostgresDialect extends ServerTransactions {
    @Override
    public String schemaResource() {
        return "postgres.sql";
    }

    @Override
    public String jdbcUrl(ConnectionUrl url) {
        return serverJdbcUrl("postgresql", url);
    }

    @Override
    public boolean updateReturning() {
        return true;
    }

    /** A bulk push as one statement per chunk: pgjdbc's batches still cost the server a statement per row. */
    @Override
    public String insertManyReturning() {
        return "INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at) "
                + "SELECT t.queue, t.payload, 0, NULL, " + epochAfter("t.delay") + ", "
                + epochNow() + " FROM unnest(?::text[], ?::text[], ?::float8[]) WITH ORDINALITY AS t(queue, payload, delay, n) "
                + "ORDER BY t.n RETURNING id";
    }

    /** A group of acks as one statement: one plan and one round trip instead of a delete per job. */
    @Override
    public String deleteFencedReturning() {
        return "DELETE FROM jobs USING unnest(?::bigint[], ?::integer[]) AS acked(id, attempts) "
                + "WHERE jobs.id = acked.id AND jobs.attempts = acked.attempts AND jobs.reserved_at IS NOT NULL "
                + "RETURNING jobs.id";
    }

    /**
     * The rows are picked in a CTE, which PostgreSQL runs once. Written as {@code WHERE id IN
     * (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)}, the planner may rescan the subquery once per
     * outer row (a nested-loop semi join, chosen once the table has been analyzed while small),
     * and every rescan locks the next row: one reservation took the whole queue.
     */
    @Override
    public String reserveReturning(String setReserved, String pick) {
        return "WITH picked AS (SELECT id FROM jobs WHERE " + pick + ") UPDATE jobs SET " + setReserved
                + " FROM picked WHERE jobs.id = picked.id RETURNING jobs.id, jobs.payload, jobs.attempts";
    }

    @Override
    public String epochAfterSeconds() {
        return epochAfter("?");
    }

    private static String epochAfter(String seconds) {
        return "CAST(CEIL(EXTRACT(EPOCH FROM CLOCK_TIMESTAMP()) + " + seconds + ") AS BIGINT)";
    }

    @Override
    public String epochNow() {
        return "CAST(FLOOR(EXTRACT(EPOCH FROM CLOCK_TIMESTAMP())) AS BIGINT)";
    }

    /** Every job leaves dead row versions behind; autovacuum normally reclaims them, this does it now. */
    @Override
    public String tidyStatement() {
        return "VACUUM (ANALYZE) jobs";
    }

    /** The LISTEN/NOTIFY channel; the payload is the queue name. */
    static final String CHANNEL = "qctl_jobs";

    @Override
    public void notifyNewJobs(Connection c, java.util.Set<String> queues) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            for (String queue : queues) {
                ps.setString(1, queue);
                ps.execute();
            }
        }
    }

    @Override
    public boolean wakesOnPush() {
        return true;
    }

    @Override
    public AutoCloseable listenForJobs(SqlStore store, java.util.List<String> queues, Runnable wake) {
        return new PostgresJobListener(store, queues, wake);
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        // serialization_failure, deadlock_detected, lock_not_available
        return state.equals("40001") || state.equals("40P01") || state.equals("55P03");
    }

    @Override
    public void checkServerVersion(Connection c) throws SQLException {
        var meta = c.getMetaData();
        int major = meta.getDatabaseMajorVersion();
        int minor = meta.getDatabaseMinorVersion();
        if (major < 9 || (major == 9 && minor < 5)) {
            throw new StoreUnavailableException("PostgreSQL " + major + "." + minor
                    + " is too old: qctl needs PostgreSQL 9.5 or newer (for SKIP LOCKED)");
        }
    }
}
