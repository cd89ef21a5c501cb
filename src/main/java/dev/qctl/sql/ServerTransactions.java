package dev.qctl.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Transaction handling shared by the client/server databases (JDBC's own commit and rollback). */
abstract class ServerTransactions implements Dialect {
    @Override
    public void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
    }

    @Override
    public void commit(Connection c) throws SQLException {
        c.commit();
        c.setAutoCommit(true);
    }

    @Override
    public void rollback(Connection c) throws SQLException {
        c.rollback();
        c.setAutoCommit(true);
    }

    /** {@code jdbc:<driver>://host:port/db?params}: the URL form both server drivers take. */
    static String serverJdbcUrl(String driver, dev.qctl.config.ConnectionUrl url) {
        StringBuilder jdbc = new StringBuilder("jdbc:").append(driver).append("://").append(url.host()).append(':')
                .append(url.port()).append('/').append(url.database());
        char sep = '?';
        for (var e : url.driverParams().entrySet()) {
            jdbc.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = '&';
        }
        return jdbc.toString();
    }

    @Override
    public String skipLockedClause() {
        return " FOR UPDATE SKIP LOCKED";
    }
}
