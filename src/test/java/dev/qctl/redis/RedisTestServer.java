package dev.qctl.redis;

import dev.qctl.sql.TestStores;

/**
 * Where the tests find Redis: {@link TestStores#redisUrl()}, the machine's own server on 6379,
 * database 15 (never the default 0), overridable by QCTL_TEST_REDIS_URL. A server that is down
 * fails the tests; nothing is skipped.
 */
final class RedisTestServer {
    private RedisTestServer() {}

    /** The shared server's URL with a key prefix of the caller's, so tests never touch each other's keys. */
    static String url(String prefix, String extraQuery) {
        String base = TestStores.redisUrl();
        return base + (base.contains("?") ? "&" : "?") + "prefix=" + prefix
                + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
    }
}
