package dev.qctl.sql;

import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Laravel's {@code jobs} table: the SQL text every dialect shares, and the binding and row
 * reading around it. A row is available when {@code reserved_at IS NULL AND available_at <= now};
 * a reservation is abandoned once {@code reserved_at <= now - retry_after}.
 */
final class JobsTable {
    private JobsTable() {}

    /**
     * The fence on every change to a reserved row: the row is still reserved, by the reservation
     * that made this attempt. A worker whose lease expired and went to another worker no longer
     * matches, so its late ack, release or renewal changes nothing.
     */
    static String fenced(String id, String attempts) {
        return "jobs.id = " + id + " AND jobs.attempts = " + attempts + " AND jobs.reserved_at IS NOT NULL";
    }

    /** {@link #fenced} for one job, bound by {@link #bindFence}. */
    static final String FENCED = fenced("?", "?");

    /** Lets concurrent workers on a server database pass over each other's rows instead of waiting. */
    static final String SKIP_LOCKED = " FOR UPDATE SKIP LOCKED";

    static final String INSERT = "INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at) ";

    /**
     * The rows one queue can hand out, oldest first: bound by {@link #bindAvailable}. An
     * abandoned reservation counts as available, so a crashed worker's job runs again.
     */
    static String available(String now) {
        return "queue = ? AND ((reserved_at IS NULL AND available_at <= " + now + ") OR reserved_at <= " + now
                + " - ?) ORDER BY id LIMIT ?";
    }

    /**
     * The SET list of a reservation: each one is a new attempt, and the attempt is the fencing
     * token. A row whose counter is at the column's {@code limit} keeps it there: {@code attempts + 1}
     * would fail "out of range" and take the whole reservation, and so the queue, down with it;
     * the worker fails such a job with the reason ({@link dev.qctl.queue.QueueBackend#attemptsLimit}).
     */
    static String reserving(String now, long limit) {
        return "reserved_at = " + now + ", attempts = CASE WHEN attempts < " + limit
                + " THEN attempts + 1 ELSE attempts END";
    }

    static void bindAvailable(PreparedStatement ps, String queue, long retryAfterSeconds, int max) throws SQLException {
        ps.setString(1, queue);
        ps.setLong(2, retryAfterSeconds);
        ps.setInt(3, max);
    }

    /** Binds the job's id and attempt to the two parameters of {@link #FENCED}, from {@code index} on. */
    static void bindFence(PreparedStatement ps, int index, ReservedJob job) throws SQLException {
        ps.setLong(index, id(job));
        ps.setLong(index + 1, job.attempts());
    }

    /** Runs a statement whose only parameters are {@link #FENCED}'s; true if it changed the job's row. */
    static boolean changeFenced(Connection c, String sql, ReservedJob job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindFence(ps, 1, job);
            return ps.executeUpdate() == 1;
        }
    }

    /** Binds one row of {@code INSERT … VALUES (?, ?, 0, NULL, epochAfterSeconds, now)}. */
    static void bindPush(PreparedStatement ps, PushRequest r) throws SQLException {
        ps.setString(1, r.queue());
        ps.setString(2, r.payload().toJson());
        ps.setDouble(3, delaySeconds(r.delay()));
    }

    /** Reads the (id, payload, attempts) rows a reserving UPDATE … RETURNING gave back, in id order. */
    static List<ReservedJob> returned(PreparedStatement ps, String queue) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return returned(rs, queue);
        }
    }

    /** The reserved rows (id, payload, attempts) of {@code rs}, in id order. */
    static List<ReservedJob> returned(ResultSet rs, String queue) throws SQLException {
        List<ReservedJob> jobs = new ArrayList<>();
        while (rs.next()) {
            jobs.add(new ReservedJob(Long.toString(rs.getLong(1)), queue, rs.getString(2), rs.getLong(3), null));
        }
        jobs.sort(Comparator.comparingLong(JobsTable::id)); // RETURNING has no order
        return jobs;
    }

    static long id(ReservedJob job) {
        return Long.parseLong(job.id());
    }

    /** The seconds bound to {@code epochAfterSeconds}; none rounds up to "now", available at once. */
    static double delaySeconds(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) return -1;
        return delay.toMillis() / 1000.0;
    }
}
