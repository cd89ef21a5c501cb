package dev.qctl.sql;

import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.FailedJobPage;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.Payload;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Laravel's {@code failed_jobs} table. Jobs are found by numeric id or by uuid, as artisan does. */
final class SqlFailedJobStore implements FailedJobStore {
    private static final String COLUMNS = "id, uuid, connection, queue, payload, exception, failed_at";
    private final SqlStore store;

    SqlFailedJobStore(SqlStore store) {
        this.store = store;
    }

    @Override
    public long record(String connection, String queue, String payload, String exception) {
        return store.tx(c -> insert(c, connection, queue, payload, exception));
    }

    /** Inserts inside the caller's transaction, so a job leaves its queue and lands here together. */
    long insert(Connection c, String connection, String queue, String payload, String exception) throws SQLException {
        String uuid = uuidOf(payload);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM failed_jobs WHERE uuid = ?")) {
            del.setString(1, uuid);
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at) VALUES (?, ?, ?, ?, ?, ?)",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, uuid);
            ps.setString(2, connection);
            ps.setString(3, queue);
            ps.setString(4, payload);
            // PostgreSQL's text cannot hold a NUL, and a job's stderr may: spell it out rather than
            // lose the real error to a failed insert
            ps.setString(5, exception == null ? null : exception.replace("\u0000", "\\0"));
            store.dialect.bindTimestamp(ps, 6, Instant.now());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public List<FailedJob> list(String queue) {
        String sql = "SELECT " + COLUMNS + " FROM failed_jobs" + (queue == null ? "" : " WHERE queue = ?")
                + " ORDER BY id DESC";
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (queue != null) ps.setString(1, queue);
                return rows(ps);
            }
        });
    }

    @Override
    public FailedJobPage page(FailedJobFilter filter, long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM failed_jobs WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (beforeId > 0) sql.append(" AND id < ").append(beforeId);
        if (filter.queue() != null) {
            sql.append(" AND queue = ?");
            args.add(filter.queue());
        }
        if (filter.job() != null) {
            sql.append(" AND LOWER(payload) LIKE ? ESCAPE '!'");
            args.add(likePattern(filter.job()));
        }
        if (filter.text() != null) {
            sql.append(" AND LOWER(exception) LIKE ? ESCAPE '!'");
            args.add(likePattern(filter.text()));
        }
        // one row more than asked tells whether another page follows
        sql.append(" ORDER BY id DESC LIMIT ").append(limit + 1);
        List<FailedJob> rows = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
                return rows(ps);
            }
        });
        if (rows.size() <= limit) return new FailedJobPage(rows, 0);
        List<FailedJob> page = rows.subList(0, limit);
        return new FailedJobPage(List.copyOf(page), page.getLast().id());
    }

    @Override
    public Map<String, Long> countByQueue() {
        return store.read(c -> {
            Map<String, Long> counts = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT queue, COUNT(*) FROM failed_jobs GROUP BY queue");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        });
    }

    /** {@code %text%} in lower case, with LIKE's wildcards in the text taken literally. */
    private static String likePattern(String text) {
        String escaped = text.toLowerCase(java.util.Locale.ROOT)
                .replace("!", "!!")
                .replace("%", "!%")
                .replace("_", "!_");
        return "%" + escaped + "%";
    }

    @Override
    public Optional<FailedJob> find(String idOrUuid) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM failed_jobs WHERE " + keyColumn(idOrUuid) + " = ?")) {
                bindKey(ps, idOrUuid);
                return rows(ps).stream().findFirst();
            }
        });
    }

    @Override
    public boolean forget(String idOrUuid) {
        return store.tx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM failed_jobs WHERE " + keyColumn(idOrUuid) + " = ?")) {
                bindKey(ps, idOrUuid);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public long flush(Instant failedAtOrBefore) {
        return store.tx(c -> {
            String sql = "DELETE FROM failed_jobs" + (failedAtOrBefore == null ? "" : " WHERE failed_at <= ?");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (failedAtOrBefore != null) store.dialect.bindTimestamp(ps, 1, failedAtOrBefore);
                return (long) ps.executeUpdate();
            }
        });
    }

    private List<FailedJob> rows(PreparedStatement ps) throws SQLException {
        List<FailedJob> jobs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                jobs.add(new FailedJob(
                        rs.getLong("id"),
                        rs.getString("uuid"),
                        rs.getString("connection"),
                        rs.getString("queue"),
                        rs.getString("payload"),
                        rs.getString("exception"),
                        store.dialect.readTimestamp(rs, "failed_at")));
            }
        }
        return jobs;
    }

    private static boolean isNumeric(String key) {
        return !key.isEmpty() && key.length() < 19 && key.chars().allMatch(Character::isDigit);
    }

    private static String keyColumn(String idOrUuid) {
        return isNumeric(idOrUuid) ? "id" : "uuid";
    }

    private static void bindKey(PreparedStatement ps, String idOrUuid) throws SQLException {
        if (isNumeric(idOrUuid)) ps.setLong(1, Long.parseLong(idOrUuid));
        else ps.setString(1, idOrUuid);
    }

    /** The payload's uuid, or a fresh one for a payload too broken to carry its own. */
    private static String uuidOf(String payload) {
        try {
            String uuid = Payload.parse(payload).uuid();
            if (uuid != null && !uuid.isBlank()) return uuid;
        } catch (RuntimeException ignored) {
            // unreadable payloads are still recorded, under a uuid of their own
        }
        return UUID.randomUUID().toString();
    }
}
