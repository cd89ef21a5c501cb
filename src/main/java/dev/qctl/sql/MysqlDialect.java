package dev.qctl.sql;

import dev.qctl.base.StoreUnavailableException;
import dev.qctl.queue.ConnectionUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MySQL ≥ 8.0.1 and MariaDB ≥ 10.6 (the first versions with SKIP LOCKED), through MySQL
 * Connector/J ({@code mysql://}) or the MariaDB driver ({@code mariadb://}).
 */
final class MysqlDialect extends ServerTransactions {
    /** The JDBC subprotocol: {@code mysql} (Connector/J) or {@code mariadb}. */
    private final String driver;

    MysqlDialect(String driver) {
        this.driver = driver;
    }

    /** Laravel's {@code unsignedSmallInteger}. */
    @Override
    long attemptsLimit() {
        return 65_535;
    }

    @Override
    String schemaResource() {
        return "mysql.sql";
    }

    /**
     * Connector/J sends a JDBC batch as one statement per row unless told to rewrite it as a
     * multi-row INSERT: without that a bulk push ran at a quarter of the speed here. The batch's ids
     * are then LAST_INSERT_ID() counted up, which holds because InnoDB gives the rows of one
     * multi-row INSERT consecutive ids. A parameter of the same name in the URL wins.
     */
    private static final Map<String, String> CONNECTOR_J_DEFAULTS = Map.of("rewriteBatchedStatements", "true");

    @Override
    String jdbcUrl(ConnectionUrl url) {
        String jdbc = serverJdbcUrl(driver, url);
        if (!driver.equals("mysql")) return jdbc;
        Map<String, String> unset = new LinkedHashMap<>(CONNECTOR_J_DEFAULTS);
        unset.keySet().removeAll(url.driverParams().keySet());
        return appendParams(new StringBuilder(jdbc), url.driverParams().isEmpty() ? '?' : '&', unset);
    }

    @Override
    String epochAfterSeconds() {
        return "CEIL(UNIX_TIMESTAMP(NOW(6)) + ?)";
    }

    @Override
    String epochNow() {
        return "UNIX_TIMESTAMP()";
    }

    @Override
    boolean isTransient(SQLException e) {
        int code = e.getErrorCode();
        return code == 1213 || code == 1205 || "40001".equals(e.getSQLState());
    }

    @Override
    void checkServerVersion(Connection c) throws SQLException {
        String version = c.getMetaData().getDatabaseProductVersion().replaceFirst("^5\\.5\\.5-", "");
        boolean mariadb = version.toLowerCase().contains("mariadb");
        int[] v = leadingNumbers(version);
        boolean ok = mariadb ? compare(v, 10, 6, 0) >= 0 : compare(v, 8, 0, 1) >= 0;
        if (!ok) {
            throw new StoreUnavailableException((mariadb ? "MariaDB " : "MySQL ") + version
                    + " is too old: qctl needs MySQL 8.0.1 or MariaDB 10.6 or newer (for SKIP LOCKED)");
        }
    }

    private static int[] leadingNumbers(String version) {
        String[] parts = version.split("[^0-9]+", 4);
        int[] v = new int[3];
        for (int i = 0; i < 3 && i < parts.length; i++) {
            v[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
        }
        return v;
    }

    private static int compare(int[] v, int major, int minor, int patch) {
        if (v[0] != major) return Integer.compare(v[0], major);
        if (v[1] != minor) return Integer.compare(v[1], minor);
        return Integer.compare(v[2], patch);
    }

    @Override
    String insertIgnoringDuplicates(String table, String columns, String values) {
        return "INSERT IGNORE INTO " + table + " (" + columns + ") VALUES (" + values + ")";
    }
}
