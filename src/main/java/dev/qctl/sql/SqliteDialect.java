package dev.qctl.sql;

import dev.qctl.base.StoreUnavailableException;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * SQLite: one file shared by several worker processes on one host. WAL lets readers run
 * beside the writer, busy_timeout makes a writer wait instead of failing, and every write
 * transaction starts with BEGIN IMMEDIATE so it never has to upgrade a read lock (the
 * upgrade is what produces Laravel's "database is locked" errors under several workers).
 */
final class SqliteDialect extends Dialect {
    private static final DateTimeFormatter LARAVEL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** SQLite's integers have 64 bits. */
    @Override
    long attemptsLimit() {
        return Long.MAX_VALUE;
    }

    @Override
    String schemaResource() {
        return "sqlite.sql";
    }

    @Override
    void prepare(ConnectionUrl url) {
        Path dir = url.file().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StoreUnavailableException(
                        "cannot create directory " + dir + " for the SQLite database: "
                                + e.getClass().getSimpleName() + " " + e.getMessage(),
                        e);
            }
        }
        SqliteNativeLibrary.useCachedCopy();
    }

    /** SQLite has one writer at a time anyway; one connection per process avoids in-process lock waits. */
    @Override
    int poolSize(int wanted) {
        return 1;
    }

    @Override
    String jdbcUrl(ConnectionUrl url) {
        StringBuilder jdbc = new StringBuilder("jdbc:sqlite:")
                .append(url.file())
                .append("?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000");
        return ServerTransactions.appendParams(jdbc, '&', url.driverParams());
    }

    /** Rows go one at a time: the driver returns no ids after a batch, and in process a row costs no round trip. */
    @Override
    List<String> insertMany(Connection c, List<PushRequest> requests, IntConsumer progress) throws SQLException {
        List<String> ids = new ArrayList<>(requests.size());
        try (PreparedStatement ps = c.prepareStatement(insertOne(), Statement.RETURN_GENERATED_KEYS)) {
            for (PushRequest r : requests) {
                JobsTable.bindPush(ps, r);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) throw new SQLException("the driver returned no id for a row");
                    ids.add(Long.toString(keys.getLong(1)));
                }
                if (ids.size() % 100 == 0) progress.accept(ids.size());
            }
        }
        return ids;
    }

    /** One statement: UPDATE … RETURNING; the IMMEDIATE transaction already excludes every other writer. */
    @Override
    List<ReservedJob> reserveFrom(Connection c, String queue, int max, long retryAfterSeconds) throws SQLException {
        String sql = "UPDATE jobs SET " + JobsTable.reserving(epochNow(), attemptsLimit())
                + " WHERE id IN (SELECT id FROM jobs WHERE " + JobsTable.available(epochNow())
                + ") RETURNING id, payload, attempts";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            JobsTable.bindAvailable(ps, queue, retryAfterSeconds, max);
            return JobsTable.returned(ps, queue);
        }
    }

    @Override
    String epochAfterSeconds() {
        return "CAST(CEIL(unixepoch('subsec') + ?) AS INTEGER)";
    }

    @Override
    String lockingRead() {
        return "";
    }

    @Override
    String epochNow() {
        return "unixepoch()";
    }

    @Override
    void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    @Override
    void commit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    @Override
    void rollback(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. after SQLITE_BUSY); nothing is left to undo.
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) throw e;
        }
    }

    @Override
    boolean isTransient(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_BUSY") || message.contains("database is locked");
    }

    @Override
    void bindTimestamp(PreparedStatement ps, int index, Instant at) throws SQLException {
        ps.setString(index, LARAVEL_TIME.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC)));
    }

    @Override
    Instant readTimestamp(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : LocalDateTime.parse(text, LARAVEL_TIME).toInstant(ZoneOffset.UTC);
    }
}
