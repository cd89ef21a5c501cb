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

    /**
     * What the jobs table's attempts column holds: Laravel 8–12 create it {@code tinyint unsigned}
     * (so does {@code qctl migrate}), newer Laravel {@code smallint unsigned}; read from the table
     * when the pool opens, so a count stops at the column's edge instead of failing the update.
     */
    private volatile long attemptsLimit = TINYINT_UNSIGNED;

    private static final long TINYINT_UNSIGNED = 255;

    @Override
    long attemptsLimit() {
        return attemptsLimit;
    }

    private static long limitOf(String columnType) {
        String t = columnType.toLowerCase(java.util.Locale.ROOT);
        boolean unsigned = t.contains("unsigned");
        if (t.startsWith("tinyint")) return unsigned ? 255 : 127;
        if (t.startsWith("smallint")) return unsigned ? 65_535 : 32_767;
        if (t.startsWith("mediumint")) return unsigned ? 16_777_215 : 8_388_607;
        if (t.startsWith("int")) return unsigned ? 4_294_967_295L : Integer.MAX_VALUE;
        return Long.MAX_VALUE;
    }

    private void readAttemptsLimit(Connection c) throws SQLException {
        String sql = "SELECT COLUMN_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'jobs' AND COLUMN_NAME = 'attempts'";
        try (var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            // no table yet: qctl migrate creates Laravel's tinyint unsigned
            attemptsLimit = rs.next() ? limitOf(rs.getString(1)) : TINYINT_UNSIGNED;
        }
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
    String quoted(String column) {
        return '`' + column + '`';
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
        readAttemptsLimit(c);
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
