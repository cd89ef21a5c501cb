package dev.qctl.redis;

/**
 * Where the tests find Redis: the machine's own server on 6379, database 15 (never the default
 * 0), overridable by QCTL_TEST_REDIS_URL. A server that is down fails the tests; nothing is skipped.
 */
final class RedisTestServer {
    private RedisTestServer() {}

    /** The shared server's URL with a key prefix of the caller's, so tests never touch each other's keys. */
    static String url(String prefix, String extraQuery) {
        String base = System.getenv("QCTL_TEST_REDIS_URL");
        if (base == null || base.isBlank()) base = "redis://127.0.0.1:6379/15";
        return base + (base.contains("?") ? "&" : "?") + "prefix=" + prefix + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
    }
}
