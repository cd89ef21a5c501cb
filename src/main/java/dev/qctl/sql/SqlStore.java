package dev.qctl.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.qctl.base.Secrets;
import dev.qctl.base.StoreUnavailableException;
import dev.qctl.base.Text;
import dev.qctl.queue.ConnectionUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pooled connection to one SQL database plus the transaction helper every SQL operation
 * goes through: deadlocks and busy errors are retried, and any other failure becomes a
 * one-line {@link StoreUnavailableException} with the password masked.
 */
final class SqlStore implements AutoCloseable {
    private static final int MAX_TRANSIENT_RETRIES = 50;

    final Dialect dialect;
    final ConnectionUrl url;
    private final HikariDataSource pool;

    /** A unit of work in one transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    SqlStore(ConnectionUrl url, Dialect dialect, int poolSize) {
        this.url = url;
        this.dialect = dialect;
        dialect.prepare(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("qctl");
        config.setJdbcUrl(dialect.jdbcUrl(url));
        if (url.user() != null) config.setUsername(url.user());
        if (url.password() != null) config.setPassword(url.password());
        config.setMaximumPoolSize(dialect.poolSize(poolSize));
        config.setMinimumIdle(Math.min(2, dialect.poolSize(poolSize)));
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        config.setInitializationFailTimeout(1);
        try {
            this.pool = new HikariDataSource(config);
            try (Connection c = pool.getConnection()) {
                dialect.checkServerVersion(c);
            }
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException | SQLException e) {
            throw new StoreUnavailableException("cannot open " + url.redacted() + ": " + rootMessage(e), e);
        }
    }

    /** Runs {@code work} in one write transaction, retrying it when the database reports contention. */
    <T> T tx(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(work);
            } catch (SQLException e) {
                if (dialect.isTransient(e) && attempt < MAX_TRANSIENT_RETRIES) {
                    pause(attempt);
                    continue;
                }
                throw new StoreUnavailableException(url.redacted() + ": " + rootMessage(e), e);
            }
        }
    }

    /** As {@link #tx}, but never run twice: for work that reads a one-pass source as it writes. */
    <T> T txOnce(Work<T> work) {
        try {
            return inTransaction(work);
        } catch (SQLException e) {
            throw new StoreUnavailableException(url.redacted() + ": " + rootMessage(e), e);
        }
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            dialect.begin(c);
            try {
                T result = work.run(c);
                dialect.commit(c);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    /** Runs a read outside any explicit transaction. */
    <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreUnavailableException(url.redacted() + ": " + rootMessage(e), e);
        }
    }

    /** A connection outside the pool, for a long-lived session such as LISTEN. */
    Connection openDedicatedConnection() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        if (url.user() != null) props.setProperty("user", url.user());
        if (url.password() != null) props.setProperty("password", url.password());
        return java.sql.DriverManager.getConnection(dialect.jdbcUrl(url), props);
    }

    /** Applies the dialect's DDL; every statement is "IF NOT EXISTS", so this is idempotent. */
    void migrate() {
        String ddl = schemaText();
        tx(c -> {
            try (Statement s = c.createStatement()) {
                for (String statement : ddl.split(";\\s*\\n")) {
                    String sql = statement
                            .lines()
                            .filter(l -> !l.startsWith("--"))
                            .reduce("", (a, b) -> a + b + "\n")
                            .trim();
                    if (!sql.isEmpty()) s.execute(sql);
                }
            }
            return null;
        });
    }

    /** Whether qctl's tables are visible to this connection (its own database and search path). */
    boolean hasTables() {
        return read(c -> queryable(c, "jobs")
                && queryable(c, "failed_jobs")
                && queryable(c, "qctl_workers")
                && queryable(c, "qctl_controls"));
    }

    /** Whether {@code table} is visible to this connection. */
    boolean hasTable(String table) {
        return read(c -> queryable(c, table));
    }

    private boolean queryable(Connection c, String table) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            // a dropped connection (a restart, a cut link) says nothing about the table: the store is unavailable
            if (connectionLost(e, c)) throw e;
            // PostgreSQL aborts the session's transaction on an error; leave the connection clean
            if (!autoCommit) c.rollback();
            return false;
        }
    }

    /**
     * SQLSTATE class 08 (connection exception: PostgreSQL, MySQL and MariaDB alike), PostgreSQL's
     * 57P (the server shut down or is starting), or a connection the driver has closed.
     */
    private static boolean connectionLost(SQLException e, Connection c) throws SQLException {
        String state = String.valueOf(e.getSQLState());
        return state.startsWith("08") || state.startsWith("57P") || c.isClosed();
    }

    private String schemaText() {
        try (InputStream in = SqlStore.class.getResourceAsStream(dialect.schemaResource())) {
            if (in == null) throw new IllegalStateException("missing " + dialect.schemaResource());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void rollbackQuietly(Connection c) {
        try {
            dialect.rollback(c);
        } catch (SQLException ignored) {
            // the connection is probably gone; the pool will discard it
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5 + Math.min(attempt, 20) * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The innermost message of an exception chain, with any password masked. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return Secrets.url(Text.firstLine(message).trim());
    }

    @Override
    public void close() {
        pool.close();
    }
}
