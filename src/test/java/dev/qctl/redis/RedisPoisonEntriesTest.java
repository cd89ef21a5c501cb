package dev.qctl.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.config.Stores;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import dev.qctl.sql.TestStores;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Entries written straight onto a Redis queue list (by hand, another client, a bug) that are not
 * jobs qctl can reserve: each ends in failed exactly once with the reason, the good jobs beside
 * them are reserved untouched, and nothing comes back every retry_after. Also: a lapsed
 * reservation goes back byte for byte (attempts aside), whatever the JSON holds.
 */
class RedisPoisonEntriesTest {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final String prefix = "qctl-poison-" + UUID.randomUUID() + ":";
    private final String queue = "poison";
    private QueueBackend backend;
    private RedisClient client;
    private StatefulRedisConnection<byte[], byte[]> raw;

    @BeforeEach
    void open() {
        backend = Stores.open(Stores.parse(RedisTestServer.url(prefix, "retry_after=" + RETRY_AFTER.toSeconds())), 1);
        String url = TestStores.redisUrl();
        client = RedisClient.create(url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        raw = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterEach
    void close() {
        List<byte[]> keys = raw.sync().keys(prefix + "*");
        if (!keys.isEmpty()) raw.sync().del(keys.toArray(new byte[0][]));
        raw.close();
        client.shutdown();
        backend.close();
    }

    /** Pushes bytes onto the queue list as another client would, with the notify token Laravel adds. */
    private void pushRaw(byte[] entry) {
        raw.sync().rpush(bytes(prefix + "queues:" + queue), entry);
        raw.sync().rpush(bytes(prefix + "queues:" + queue + ":notify"), bytes("1"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String good(int n) {
        return "{\"uuid\":\"good-" + n + "\",\"id\":\"good-" + n
                + "\",\"displayName\":\"echo good\",\"job\":\"exec\",\"data\":{\"argv\":[\"echo\",\"good\"]},"
                + "\"attempts\":0}";
    }

    @Test
    void everyPoisonEntryFailsOnceWithItsReasonAndTheGoodJobsBesideItAreUntouched() throws Exception {
        List<byte[]> poison = List.of(
                bytes("{\"x\":1e400,\"attempts\":0}"),
                bytes("{\"job\":\"exec\",\"attempts\":1.5}"),
                bytes("{\"job\":\"exec\",\"attempts\":1e10}"),
                bytes("{\"job\":\"exec\",\"attempts\":-1}"),
                bytes("{\"job\":\"exec\",\"attempts\":99999999999}"),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
                new byte[0],
                bytes("not json at all"),
                bytes("{\"unterminated\":\"abc"),
                bytes("[1,2,3]"));
        List<String> reasons = List.of(
                "attempts is not a whole number",
                "attempts is not a whole number",
                "attempts is not a whole number",
                "attempts is not a whole number",
                "not valid UTF-8",
                "empty entry",
                "not a JSON object",
                "not a JSON object (unterminated string)",
                "not a JSON object");
        int goods = 0;
        pushRaw(bytes(good(goods++)));
        for (byte[] entry : poison) {
            pushRaw(entry);
            pushRaw(bytes(good(goods++)));
        }

        List<ReservedJob> reserved = new ArrayList<>(backend.reserve(List.of(queue), 100));

        // {"x":1e400} is JSON the store can count attempts in: it is reserved, and the worker
        // fails it when it reads the payload; every other bad entry fails in the store at once
        assertThat(reserved).hasSize(goods + 1);
        assertThat(reserved.stream().filter(j -> j.rawPayload().contains("1e400")))
                .singleElement()
                .satisfies(j -> assertThat(j.attempts()).isEqualTo(1));
        List<ReservedJob> goodJobs =
                reserved.stream().filter(j -> j.id().startsWith("good-")).toList();
        assertThat(goodJobs).hasSize(goods);
        for (ReservedJob job : goodJobs) {
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.rawPayload())
                    .isEqualTo(good(Integer.parseInt(job.id().substring(5))));
        }
        List<FailedJob> failed = backend.failedJobs().list(queue);
        assertThat(failed).hasSize(poison.size() - 1);
        for (String reason : reasons)
            assertThat(failed).anySatisfy(f -> assertThat(f.exception()).contains(reason));
        assertThat(backend.sizes(queue).reserved()).isEqualTo(goods + 1);
        assertThat(backend.sizes(queue).pending()).isZero();

        // the good jobs (and the 1e400 one) lapse and come back once each; no poison comes back
        Thread.sleep(RETRY_AFTER.multipliedBy(2).toMillis() + 500);
        List<ReservedJob> again = backend.reserve(List.of(queue), 100);
        assertThat(again).hasSize(goods + 1);
        assertThat(again).allSatisfy(j -> assertThat(j.attempts()).isEqualTo(2));
        assertThat(backend.failedJobs().list(queue)).hasSize(poison.size() - 1);
        assertThat(backend.ackAll(again)).containsOnly(true);
        assertThat(backend.sizes(queue).total()).isZero();
    }

    /** Bytes cjson would change ([] to {}, 17 digits to 14, escaped slashes and letters) come back as pushed. */
    @Test
    void aLapsedReservationGoesBackByteForByteWithOnlyAttemptsCounted() throws Exception {
        String pushed = "{\"uuid\":\"u1\",\"id\":\"exact\",\"job\":\"exec\",\"data\":{\"argv\":[\"echo\"],"
                + "\"list\":[],\"big\":12345678901234567,\"f\":1.10,\"esc\":\"a\\/b\\u00e9\"}, \"attempts\" : 0 }";
        pushRaw(bytes(pushed));

        ReservedJob first = backend.reserve(List.of(queue), 1).getFirst();
        assertThat(first.rawPayload()).isEqualTo(pushed);
        assertThat(first.lease()).isEqualTo(pushed.replace("\"attempts\" : 0 ", "\"attempts\" : 1 "));

        Thread.sleep(RETRY_AFTER.multipliedBy(2).toMillis() + 500);
        ReservedJob again = backend.reserve(List.of(queue), 1).getFirst();
        assertThat(again.rawPayload()).isEqualTo(first.lease());
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.lease()).isEqualTo(pushed.replace("\"attempts\" : 0 ", "\"attempts\" : 2 "));
        assertThat(backend.ack(again)).isTrue();
    }
}
