package dev.qctl.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Transaction handling shared by the client/server databases (JDBC's own commit and rollback). */
abstract class ServerTransactions extends Dialect {
    @Override
    void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
    }

    @Override
    void commit(Connection c) throws SQLException {
        c.commit();
        c.setAutoCommit(true);
    }

    @Override
    void rollback(Connection c) throws SQLException {
        c.rollback();
        c.setAutoCommit(true);
    }

    /**
     * Appends driver parameters as a query, each key and value encoded again: they were decoded
     * from the qctl URL, and a raw {@code &}, {@code =} or space would change the JDBC URL's meaning.
     */
    static String appendParams(StringBuilder jdbc, char first, java.util.Map<String, String> params) {
        char sep = first;
        for (var e : params.entrySet()) {
            jdbc.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return jdbc.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** {@code jdbc:<driver>://host:port/db?params}: the URL form both server drivers take. */
    static String serverJdbcUrl(String driver, dev.qctl.queue.ConnectionUrl url) {
        StringBuilder jdbc = new StringBuilder("jdbc:")
                .append(driver)
                .append("://")
                .append(url.host())
                .append(':')
                .append(url.port())
                .append('/')
                .append(url.database());
        return appendParams(jdbc, '?', url.driverParams());
    }
}
