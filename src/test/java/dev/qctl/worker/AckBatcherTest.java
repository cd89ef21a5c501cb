package dev.qctl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.base.StoreUnavailableException;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Group commit of acks: each future answers for its own job; jobs that wait share a round trip. */
class AckBatcherTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    /** A store that records every group ack and can hold the first one until the test lets it go. */
    private static final class RecordingQueue extends InMemoryQueue {
        final List<Integer> groups = new CopyOnWriteArrayList<>();
        final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        final CountDownLatch letFirstWriteFinish = new CountDownLatch(1);
        volatile boolean holdFirstWrite;

        RecordingQueue() {
            super(Duration.ofSeconds(90));
        }

        @Override
        public List<Boolean> ackAll(List<ReservedJob> jobs) {
            groups.add(jobs.size());
            if (holdFirstWrite && groups.size() == 1) {
                firstWriteStarted.countDown();
                try {
                    letFirstWriteFinish.await(WITHIN.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.ackAll(jobs);
        }
    }

    private final RecordingQueue store = new RecordingQueue();

    private List<ReservedJob> reserve(int n) {
        for (int i = 0; i < n; i++)
            store.push(PushRequest.now("q", Payload.create("noop", "job" + i, null, JobOptions.NONE)));
        return store.reserve(List.of("q"), n);
    }

    @Test
    void a_lone_ack_is_written_at_once() {
        ReservedJob job = reserve(1).getFirst();
        try (AckBatcher acks = new AckBatcher(store)) {
            assertThat(acks.ack(job)).succeedsWithin(WITHIN).isEqualTo(true);
            assertThat(store.job(job.id())).isEmpty();
            assertThat(store.groups).containsExactly(1);
        }
    }

    @Test
    void the_ack_of_a_lost_reservation_completes_false() {
        ReservedJob job = reserve(1).getFirst();
        store.advance(store.retryAfter());
        store.reserve(List.of("q"), 1); // another worker holds it now

        try (AckBatcher acks = new AckBatcher(store)) {
            assertThat(acks.ack(job)).succeedsWithin(WITHIN).isEqualTo(false);
        }
        assertThat(store.job(job.id())).isPresent();
    }

    @Test
    void acks_that_arrive_during_a_write_share_the_next_round_trip() throws InterruptedException {
        store.holdFirstWrite = true;
        List<ReservedJob> jobs = reserve(4);
        try (AckBatcher acks = new AckBatcher(store)) {
            CompletableFuture<Boolean> first = acks.ack(jobs.get(0));
            assertThat(store.firstWriteStarted.await(WITHIN.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
            for (ReservedJob job : jobs.subList(1, 4)) waiting.add(acks.ack(job));

            store.letFirstWriteFinish.countDown();

            assertThat(first).succeedsWithin(WITHIN).isEqualTo(true);
            for (CompletableFuture<Boolean> ack : waiting)
                assertThat(ack).succeedsWithin(WITHIN).isEqualTo(true);
        }
        assertThat(store.groups).containsExactly(1, 3);
        assertThat(store.count()).isZero();
    }

    @Test
    void a_store_error_fails_that_group_and_later_acks_still_go_through() {
        AtomicInteger calls = new AtomicInteger();
        InMemoryQueue broken = new InMemoryQueue(Duration.ofSeconds(90)) {
            @Override
            public List<Boolean> ackAll(List<ReservedJob> jobs) {
                if (calls.incrementAndGet() == 1) throw new IllegalStateException("disk full");
                return super.ackAll(jobs);
            }
        };
        broken.push(PushRequest.now("q", Payload.create("noop", "a", null, JobOptions.NONE)));
        broken.push(PushRequest.now("q", Payload.create("noop", "b", null, JobOptions.NONE)));
        List<ReservedJob> jobs = broken.reserve(List.of("q"), 2);

        try (AckBatcher acks = new AckBatcher(broken)) {
            assertThat(acks.ack(jobs.get(0)))
                    .failsWithin(WITHIN)
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class)
                    .withMessageContaining("disk full");
            assertThat(acks.ack(jobs.get(1))).succeedsWithin(WITHIN).isEqualTo(true);
        }
        assertThat(broken.count()).isEqualTo(1);
    }

    @Test
    void an_unreachable_store_is_retried_until_it_is_back() {
        AtomicInteger calls = new AtomicInteger();
        InMemoryQueue restarting = new InMemoryQueue(Duration.ofSeconds(90)) {
            @Override
            public List<Boolean> ackAll(List<ReservedJob> jobs) {
                if (calls.incrementAndGet() == 1) throw new StoreUnavailableException("connection refused");
                return super.ackAll(jobs);
            }
        };
        restarting.push(PushRequest.now("q", Payload.create("noop", "a", null, JobOptions.NONE)));
        ReservedJob job = restarting.reserve(List.of("q"), 1).getFirst();

        try (AckBatcher acks = new AckBatcher(restarting)) {
            assertThat(acks.ack(job)).succeedsWithin(WITHIN).isEqualTo(true);
        }
        assertThat(calls).hasValue(2);
        assertThat(restarting.count()).isZero();
    }

    @Test
    void close_writes_every_queued_ack_before_returning() throws InterruptedException {
        store.holdFirstWrite = true;
        List<ReservedJob> jobs = reserve(50);
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        AckBatcher acks = new AckBatcher(store);
        all.add(acks.ack(jobs.getFirst()));
        assertThat(store.firstWriteStarted.await(WITHIN.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        for (ReservedJob job : jobs.subList(1, 50)) all.add(acks.ack(job));

        store.letFirstWriteFinish.countDown();
        acks.close();

        assertThat(all).allSatisfy(ack -> assertThat(ack).isCompletedWithValue(true));
        assertThat(store.count()).isZero();
    }
}
