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

    @Override
    public String skipLockedClause() {
        return " FOR UPDATE SKIP LOCKED";
    }
}
