package dev.qctl.sql;

import dev.qctl.base.StoreUnavailableException;
import dev.qctl.queue.ConnectionUrl;
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

/**
 * SQLite: one file shared by several worker processes on one host. WAL lets readers run
 * beside the writer, busy_timeout makes a writer wait instead of failing, and every write
 * transaction starts with BEGIN IMMEDIATE so it never has to upgrade a read lock (the
 * upgrade is what produces Laravel's "database is locked" errors under several workers).
 */
final class SqliteDialect implements Dialect {
    private static final DateTimeFormatter LARAVEL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public String schemaResource() {
        return "sqlite.sql";
    }

    @Override
    public void prepare(ConnectionUrl url) {
        Path dir = url.file().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot create directory " + dir + " for the SQLite database: "
                        + e.getClass().getSimpleName() + " " + e.getMessage(), e);
            }
        }
        SqliteNativeLibrary.useCachedCopy();
    }

    /** SQLite has one writer at a time anyway; one connection per process avoids in-process lock waits. */
    @Override
    public int poolSize(int wanted) {
        return 1;
    }

    @Override
    public String jdbcUrl(ConnectionUrl url) {
        StringBuilder jdbc = new StringBuilder("jdbc:sqlite:").append(url.file())
                .append("?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000");
        return ServerTransactions.appendParams(jdbc, '&', url.driverParams());
    }

    @Override
    public boolean updateReturning() {
        return true;
    }

    @Override
    public int pushBatchSize() {
        return 1;
    }

    @Override
    public String epochAfterSeconds() {
        return "CAST(CEIL(unixepoch('subsec') + ?) AS INTEGER)";
    }

    @Override
    public String epochNow() {
        return "unixepoch()";
    }

    @Override
    public String skipLockedClause() {
        return ""; // the IMMEDIATE transaction already excludes every other writer
    }

    @Override
    public void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    @Override
    public void commit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    @Override
    public void rollback(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. after SQLITE_BUSY); nothing is left to undo.
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) throw e;
        }
    }

    @Override
    public boolean isTransient(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_BUSY") || message.contains("database is locked");
    }

    @Override
    public void bindTimestamp(PreparedStatement ps, int index, Instant at) throws SQLException {
        ps.setString(index, LARAVEL_TIME.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC)));
    }

    @Override
    public Instant readTimestamp(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : LocalDateTime.parse(text, LARAVEL_TIME).toInstant(ZoneOffset.UTC);
    }
}
