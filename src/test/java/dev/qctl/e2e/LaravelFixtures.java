package dev.qctl.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.Json;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/** Rows and keys written the way a Laravel 8+ app writes them, straight into a store qctl is pointed at. */
final class LaravelFixtures {
    private LaravelFixtures() {}

    /** A queued-job payload as Laravel's Queue::createPayloadArray builds it for a job class. */
    static ObjectNode jobPayload(String uuid, String jobClass) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("uuid", uuid)
                .put("displayName", jobClass)
                .put("job", "Illuminate\\Queue\\CallQueuedHandler@call")
                .putNull("maxTries")
                .putNull("maxExceptions")
                .put("failOnTimeout", false)
                .putNull("backoff")
                .putNull("timeout")
                .putNull("retryUntil");
        int len = jobClass.length();
        node.putObject("data")
                .put("commandName", jobClass)
                .put("command", "O:" + len + ":\"" + jobClass + "\":1:{s:8:\"taxpayer\";i:42;}");
        return node;
    }

    /** A JDBC connection to a qctl store URL (sqlite:, postgres://, mysql://, mariadb://). */
    static Connection jdbc(String url) throws SQLException {
        if (url.startsWith("sqlite:")) return DriverManager.getConnection("jdbc:" + url);
        URI u = URI.create(url);
        String user = u.getUserInfo() == null ? null : u.getUserInfo().split(":")[0];
        String scheme = u.getScheme().equals("postgres") ? "postgresql" : u.getScheme();
        return DriverManager.getConnection(
                "jdbc:" + scheme + "://" + u.getHost() + ":" + u.getPort() + u.getPath(), user, null);
    }

    /** A jobs row as DatabaseQueue::pushToDatabase writes it. */
    static void insertJob(Connection c, String queue, String payload) throws SQLException {
        long now = Instant.now().getEpochSecond();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue, payload, attempts, reserved_at,"
                + " available_at, created_at) VALUES (?, ?, 0, NULL, ?, ?)")) {
            ps.setString(1, queue);
            ps.setString(2, payload);
            ps.setLong(3, now);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
    }

    /** RedisQueue::pushRaw: the payload gains {@code id} and {@code attempts: 0}, then LuaScripts::push. */
    static String redisPayload(ObjectNode payload) {
        ObjectNode copy = payload.deepCopy();
        copy.put("id", UUID.randomUUID().toString().replace("-", ""));
        copy.put("attempts", 0);
        return Json.write(copy);
    }

    /** Runs {@code work} on a Lettuce connection to the Redis URL (its query, qctl's own, left out). */
    static <T> T redis(String url, Function<StatefulRedisConnection<String, String>, T> work) {
        RedisClient client = RedisClient.create(url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return work.apply(c);
        } finally {
            client.shutdown();
        }
    }
}
