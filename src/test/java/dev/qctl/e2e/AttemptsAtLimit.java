package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.config.Stores;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.sql.RawRows;
import dev.qctl.testing.Qctl;
import dev.qctl.testing.ledger.LedgerFile;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;

/**
 * Puts a ledger job on a queue with its attempts at what the store can count, as a long run of
 * unlimited retries (or a hand-edited row) leaves it: dispatched as usual (so it is signed) but
 * delayed, then edited behind qctl's back and made due. SQL rows get the column's limit
 * (PostgreSQL smallint 32767, MariaDB tinyint 255); a Redis payload a count past 2^53, more than
 * a double counts exactly. Its ledger id is never noted as dispatched, so if it ever ran the
 * report would show a job nobody dispatched.
 */
final class AttemptsAtLimit {
    private static final long REDIS_ATTEMPTS = (1L << 53) + 1;

    private AttemptsAtLimit() {}

    /** Puts one such job on {@code queue} and returns its uuid. */
    static String write(Qctl qctl, String storeUrl, String queue, LedgerFile ledger)
            throws IOException, InterruptedException {
        Qctl.Result dispatched = qctl.run(
                "dispatch",
                "-c",
                storeUrl,
                "--queue",
                queue,
                "--delay",
                "1h",
                "--tries",
                "0",
                "--json",
                "--",
                "bash",
                "-c",
                ledger.jobScript("limit-" + System.nanoTime(), "true"));
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();
        JsonNode job = Json.parse(dispatched.out(), "dispatch");
        String id = job.path("id").asText();
        if (storeUrl.startsWith("redis")) makeDueOnRedis(storeUrl, queue, id);
        else
            try (QueueBackend backend = Stores.open(Stores.parse(storeUrl), 1)) {
                RawRows.setAttemptsAndMakeDue(backend, id, backend.attemptsLimit());
            }
        return job.path("uuid").asText();
    }

    /** Moves the delayed entry to the list with its attempts past 2^53, as Laravel's layout holds it. */
    private static void makeDueOnRedis(String storeUrl, String queue, String id) {
        RedisClient client = RedisClient.create(storeUrl.replaceFirst("\\?.*", ""));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            String delayed = "queues:" + queue + ":delayed";
            String entry = redis.zrange(delayed, 0, -1).stream()
                    .filter(e -> e.contains("\"id\":\"" + id + "\""))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry).contains("\"attempts\":0");
            redis.zrem(delayed, entry);
            redis.rpush("queues:" + queue, entry.replace("\"attempts\":0", "\"attempts\":" + REDIS_ATTEMPTS));
            redis.rpush("queues:" + queue + ":notify", "1");
        } finally {
            client.shutdown();
        }
    }
}
