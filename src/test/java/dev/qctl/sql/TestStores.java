package dev.qctl.sql;

/**
 * Where the tests find the database servers: the machine's own services by default,
 * overridable by QCTL_TEST_PG_URL / QCTL_TEST_MYSQL_URL. A server that is down fails the
 * tests that need it; nothing is skipped.
 */
public final class TestStores {
    private TestStores() {}

    public static String postgresUrl() {
        return env("QCTL_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test");
    }

    public static String mysqlUrl() {
        return env("QCTL_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
