package dev.qctl.sql;

import dev.qctl.base.StoreUnavailableException;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/** PostgreSQL ≥ 9.5 (for SKIP LOCKED). */
final class PostgresDialect extends ServerTransactions {
    /** Laravel's {@code smallInteger}. */
    @Override
    long attemptsLimit() {
        return Short.MAX_VALUE;
    }

    @Override
    String schemaResource() {
        return "postgres.sql";
    }

    /**
     * Without a socket timeout a query sent into a silent network partition waits forever: the
     * worker would hang without a word. 30 s is far above any query a worker sends (a stuck
     * reservation then fails, is logged and retried on a new connection) and still lets
     * `flush` or `retry all` on a large table finish; a URL's own value wins ({@code 0} = none).
     */
    private static final Map<String, String> PGJDBC_DEFAULTS =
            Map.of("socketTimeout", "30", "tcpKeepAlive", "true", "connectTimeout", "10");

    @Override
    String jdbcUrl(ConnectionUrl url) {
        String jdbc = serverJdbcUrl("postgresql", url);
        Map<String, String> unset = new java.util.TreeMap<>(PGJDBC_DEFAULTS);
        unset.keySet().removeAll(url.driverParams().keySet());
        return ServerTransactions.appendParams(
                new StringBuilder(jdbc), url.driverParams().isEmpty() ? '?' : '&', unset);
    }

    /** A bulk push as one statement per chunk: pgjdbc's batches still cost the server a statement per row. */
    @Override
    List<String> insertMany(Connection c, List<PushRequest> requests, IntConsumer progress) throws SQLException {
        if (requests.size() < 2)
            return super.insertMany(c, requests, progress); // a lone dispatch keeps the plain INSERT
        String sql =
                JobsTable.INSERT + "SELECT t.queue, t.payload, 0, NULL, " + epochAfter("t.delay") + ", " + epochNow()
                        + " FROM unnest(?::text[], ?::text[], ?::float8[]) WITH ORDINALITY AS t(queue, payload, delay, n) "
                        + "ORDER BY t.n RETURNING id";
        List<String> ids = new ArrayList<>(requests.size());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < requests.size(); from += PUSH_BATCH) {
                List<PushRequest> batch = requests.subList(from, Math.min(requests.size(), from + PUSH_BATCH));
                String[] queues = new String[batch.size()];
                String[] payloads = new String[batch.size()];
                Double[] delays = new Double[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    queues[i] = batch.get(i).queue();
                    payloads[i] = batch.get(i).payload().toJson();
                    delays[i] = JobsTable.delaySeconds(batch.get(i).delay());
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
                inserted.sort(null); // ids come from one sequence in array order
                inserted.forEach(id -> ids.add(Long.toString(id)));
                progress.accept(ids.size());
            }
        }
        return ids;
    }

    /**
     * One statement: the rows are picked in a CTE, which PostgreSQL runs once. Written as
     * {@code WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)}, the planner may rescan the
     * subquery once per outer row (a nested-loop semi join, chosen once the table has been
     * analyzed while small), and every rescan locks the next row: one reservation took the whole queue.
     *
     * <p>The CTE is preceded, in the same round trip and transaction, by {@code SET LOCAL
     * enable_sort = off}. Statistics taken while the table was small (autovacuum off, or a burst
     * of dispatches within its nap) make the planner pick Laravel's {@code (queue)} index and sort
     * the whole queue by id for every reservation: 0.27-0.36 s with 166,000 jobs waiting, where
     * walking the {@code (queue, id)} index in order takes about 1 ms. Sorting stays possible,
     * it is only priced out, so a table without that index still reserves.
     */
    @Override
    List<ReservedJob> reserveFrom(Connection c, String queue, int max, long retryAfterSeconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PLAN_IN_ID_ORDER + "; " + reservation())) {
            JobsTable.bindAvailable(ps, queue, retryAfterSeconds, max);
            ps.execute(); // the SET's result comes first, then the reserved rows
            while (ps.getResultSet() == null) {
                if (!ps.getMoreResults() && ps.getUpdateCount() == -1)
                    throw new SQLException("the reservation returned no rows");
            }
            try (ResultSet rs = ps.getResultSet()) {
                return JobsTable.returned(rs, queue);
            }
        }
    }

    /** Planner settings for {@link #reservation()}, local to its transaction. */
    static final String PLAN_IN_ID_ORDER = "SET LOCAL enable_sort = off";

    /** Bound by {@link JobsTable#bindAvailable}: queue, retry_after seconds, how many. */
    String reservation() {
        return "WITH picked AS (SELECT id FROM jobs WHERE " + JobsTable.available(epochNow()) + JobsTable.SKIP_LOCKED
                + ") UPDATE jobs SET " + JobsTable.reserving(epochNow(), attemptsLimit())
                + " FROM picked WHERE jobs.id = picked.id RETURNING jobs.id, jobs.payload, jobs.attempts";
    }

    /** A group of acks as one statement: one plan and one round trip instead of a delete per job. */
    @Override
    List<Boolean> ackMany(Connection c, List<ReservedJob> jobs) throws SQLException {
        String sql = "DELETE FROM jobs USING unnest(?::bigint[], ?::bigint[]) AS acked(id, attempts) WHERE "
                + JobsTable.fenced("acked.id", "acked.attempts") + " RETURNING jobs.id";
        Long[] ids = new Long[jobs.size()];
        Long[] attempts = new Long[jobs.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = JobsTable.id(jobs.get(i));
            attempts[i] = jobs.get(i).attempts();
        }
        Set<String> deleted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            ps.setArray(2, c.createArrayOf("bigint", attempts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) deleted.add(Long.toString(rs.getLong(1)));
            }
        }
        List<Boolean> applied = new ArrayList<>(jobs.size());
        for (ReservedJob job : jobs) applied.add(deleted.contains(job.id()));
        return applied;
    }

    @Override
    String epochAfterSeconds() {
        return epochAfter("?");
    }

    private static String epochAfter(String seconds) {
        return "CAST(CEIL(EXTRACT(EPOCH FROM CLOCK_TIMESTAMP()) + " + seconds + ") AS BIGINT)";
    }

    @Override
    String epochNow() {
        return "CAST(FLOOR(EXTRACT(EPOCH FROM CLOCK_TIMESTAMP())) AS BIGINT)";
    }

    /** Every job leaves dead row versions behind; autovacuum normally reclaims them, this does it now. */
    @Override
    void tidy(SqlStore store) {
        store.read(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute("VACUUM (ANALYZE) jobs"); // VACUUM cannot run inside a transaction
            }
        });
    }

    /** The LISTEN/NOTIFY channel; the payload is the queue name. */
    static final String CHANNEL = "qctl_jobs";

    @Override
    void notifyNewJobs(Connection c, Set<String> queues) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            for (String queue : queues) {
                ps.setString(1, queue);
                ps.execute();
            }
        }
    }

    @Override
    boolean wakesOnPush() {
        return true;
    }

    @Override
    AutoCloseable listenForJobs(SqlStore store, List<String> queues, Runnable wake) {
        return new PostgresJobListener(store, queues, wake);
    }

    @Override
    boolean isTransient(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        // serialization_failure, deadlock_detected, lock_not_available
        return state.equals("40001") || state.equals("40P01") || state.equals("55P03");
    }

    @Override
    void checkServerVersion(Connection c) throws SQLException {
        var meta = c.getMetaData();
        int major = meta.getDatabaseMajorVersion();
        int minor = meta.getDatabaseMinorVersion();
        if (major < 9 || (major == 9 && minor < 5)) {
            throw new StoreUnavailableException("PostgreSQL " + major + "." + minor
                    + " is too old: qctl needs PostgreSQL 9.5 or newer (for SKIP LOCKED)");
        }
    }

    @Override
    boolean base64BatchOptions() {
        return true;
    }
}
