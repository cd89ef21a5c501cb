package dev.qctl.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake keeps the backend contract the rule tests rely on (the real stores pass QueueBackendContract). */
class InMemoryQueueTest {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(90);
    private final InMemoryQueue store = new InMemoryQueue(RETRY_AFTER);

    private String push(String queue, String name) {
        return store.push(PushRequest.now(queue, Payload.create("noop", name, null, JobOptions.NONE)));
    }

    private static String name(ReservedJob job) {
        return Payload.parse(job.rawPayload()).displayName();
    }

    @Test
    void reserve_takes_queues_in_priority_order_and_counts_an_attempt() {
        push("low", "low1");
        push("high", "high1");
        push("high", "high2");

        List<ReservedJob> jobs = store.reserve(List.of("high", "low"), 3);

        assertThat(jobs).extracting(InMemoryQueueTest::name).containsExactly("high1", "high2", "low1");
        assertThat(jobs).extracting(ReservedJob::attempts).containsExactly(1L, 1L, 1L);
        assertThat(store.reserve(List.of("high", "low"), 3)).isEmpty();
    }

    @Test
    void release_keeps_attempts_stores_the_new_payload_and_waits_out_the_delay() {
        push("q", "job");
        ReservedJob first = store.reserve(List.of("q"), 1).getFirst();

        assertThat(store.release(first, "{\"job\":\"noop\",\"note\":1}", Duration.ofSeconds(10)))
                .isTrue();

        assertThat(store.sizes("q").delayed()).isEqualTo(1);
        store.advance(Duration.ofSeconds(9));
        assertThat(store.reserve(List.of("q"), 1)).isEmpty();
        store.advance(Duration.ofSeconds(1));
        ReservedJob second = store.reserve(List.of("q"), 1).getFirst();
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.rawPayload()).contains("\"note\":1");
    }

    @Test
    void a_stale_reservation_can_change_nothing() {
        String id = push("q", "job");
        ReservedJob stale = store.reserve(List.of("q"), 1).getFirst();
        store.advance(RETRY_AFTER);
        ReservedJob current = store.reserve(List.of("q"), 1).getFirst();

        assertThat(current.attempts()).isEqualTo(2);
        assertThat(store.renew(stale)).isFalse();
        assertThat(store.release(stale, stale.rawPayload(), Duration.ZERO)).isFalse();
        assertThat(store.unreserve(stale)).isFalse();
        assertThat(store.fail(stale, "late")).isFalse();
        assertThat(store.ackAll(List.of(stale, current))).containsExactly(false, true);
        assertThat(store.job(id)).isEmpty();
        assertThat(store.failedJobs().list(null)).isEmpty();
    }

    @Test
    void renew_keeps_the_job_from_other_workers() {
        push("q", "long");
        ReservedJob job = store.reserve(List.of("q"), 1).getFirst();
        store.advance(RETRY_AFTER.minusSeconds(1));

        assertThat(store.renew(job)).isTrue();
        store.advance(RETRY_AFTER.minusSeconds(1));

        assertThat(store.reserve(List.of("q"), 1)).isEmpty();
        assertThat(store.ack(job)).isTrue();
    }

    @Test
    void unreserve_hands_the_job_back_without_using_an_attempt() {
        push("q", "first");
        push("q", "second");
        List<ReservedJob> prefetched = store.reserve(List.of("q"), 2);

        assertThat(store.unreserve(prefetched.get(1))).isTrue();
        assertThat(store.unreserve(prefetched.get(0))).isTrue();

        assertThat(store.reserve(List.of("q"), 2))
                .extracting(InMemoryQueueTest::name, ReservedJob::attempts)
                .containsExactly(tuple("first", 1L), tuple("second", 1L));
    }

    @Test
    void fail_moves_the_job_to_the_failed_store_with_its_exception() {
        Payload payload = Payload.create("noop", "doomed", null, JobOptions.NONE);
        store.push(PushRequest.now("q", payload));
        ReservedJob job = store.reserve(List.of("q"), 1).getFirst();

        assertThat(store.fail(job, "boom\ntrace")).isTrue();

        assertThat(store.count()).isZero();
        assertThat(store.failedJobs().find(payload.uuid())).hasValueSatisfying(f -> {
            assertThat(f.queue()).isEqualTo("q");
            assertThat(f.connection()).isEqualTo("memory");
            assertThat(f.exceptionSummary()).isEqualTo("boom");
        });
    }
}
