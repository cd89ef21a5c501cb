package dev.qctl.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.config.Stores;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No Redis script does unbounded work in one call (a call blocks every other client): due
 * delayed jobs move to the list at most 1,000 per reserve, and flush deletes 1,000 failed
 * records per call, calling again until done. Nothing is lost or moved twice on the way.
 */
class RedisBoundedScriptsTest {
    private final String prefix = "qctl-bounded-" + UUID.randomUUID() + ":";
    private final String queue = "bounded";
    private QueueBackend backend;

    @BeforeEach
    void open() {
        backend = Stores.open(Stores.parse(RedisTestServer.url(prefix, "retry_after=60")), 1);
    }

    @AfterEach
    void close() {
        backend.clear(queue);
        backend.failedJobs().flush(null);
        backend.close();
    }

    @Test
    void dueDelayedJobsMoveAThousandPerReserveAndEachIsReservedOnce() throws InterruptedException {
        int jobs = 2500;
        backend.pushBulk(IntStream.range(0, jobs)
                .mapToObj(i -> new PushRequest(
                        queue, Payload.exec(List.of("echo", "d" + i), null, JobOptions.NONE), Duration.ofSeconds(1)))
                .toList());
        Thread.sleep(1500); // the jobs come due

        List<ReservedJob> first = backend.reserve(List.of(queue), 1);
        assertThat(first).hasSize(1);
        // one call moved 1,000 and reserved one of them; the rest wait for the next calls
        // (sizes counts due delayed jobs as pending, so look at the keys themselves)
        String url = dev.qctl.sql.TestStores.redisUrl();
        io.lettuce.core.RedisClient client =
                io.lettuce.core.RedisClient.create(url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        try (var raw = client.connect()) {
            assertThat(raw.sync().llen(prefix + "queues:" + queue)).isEqualTo(999);
            assertThat(raw.sync().zcard(prefix + "queues:" + queue + ":delayed"))
                    .isEqualTo(jobs - 1000);
        } finally {
            client.shutdown();
        }

        Set<String> ids = new HashSet<>();
        first.forEach(j -> ids.add(j.id()));
        List<ReservedJob> all = new ArrayList<>(first);
        for (int round = 0; round < 100 && all.size() < jobs; round++) {
            List<ReservedJob> more = backend.reserve(List.of(queue), 400);
            more.forEach(j -> ids.add(j.id()));
            all.addAll(more);
        }
        assertThat(all).hasSize(jobs);
        assertThat(ids).hasSize(jobs);
        assertThat(backend.ackAll(all)).containsOnly(true);
        assertThat(backend.sizes(queue).total()).isZero();
    }

    @Test
    void listingAndFlushWorkInBatchesAcrossEveryRecord() throws InterruptedException {
        for (int i = 0; i < 2500; i++) backend.failedJobs().record("redis", queue, "{\"uuid\":\"old-" + i + "\"}", "x");
        Thread.sleep(20);
        Instant cutoff = Instant.now();
        Thread.sleep(20);
        for (int i = 0; i < 10; i++) backend.failedJobs().record("redis", queue, "{\"uuid\":\"new-" + i + "\"}", "x");

        // listed a page (1,000) per round trip: every record, newest first, across page edges
        List<dev.qctl.queue.FailedJob> listed = backend.failedJobs().list(queue);
        assertThat(listed).hasSize(2510);
        assertThat(listed.stream().map(dev.qctl.queue.FailedJob::id).toList())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder())
                .doesNotHaveDuplicates();
        assertThat(listed.getFirst().uuid()).isEqualTo("new-9");
        assertThat(listed.getLast().uuid()).isEqualTo("old-0");

        assertThat(backend.failedJobs().flush(cutoff)).isEqualTo(2500);
        assertThat(backend.failedJobs().list(queue)).hasSize(10);
        assertThat(backend.failedJobs().flush(null)).isEqualTo(10);
        assertThat(backend.failedJobs().list(queue)).isEmpty();
    }
}
