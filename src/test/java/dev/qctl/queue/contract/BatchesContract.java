package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.queue.Batch;
import dev.qctl.queue.BatchOptions;
import dev.qctl.queue.Batches;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.NoSuchBatchException;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Batches: created with their jobs in one step, counted as their jobs end, and each callback
 * pushed exactly once, even when the last jobs end at the same moment on many threads. The
 * callbacks go to {@code q() + "-high"}, so counting that queue counts the callbacks.
 */
public interface BatchesContract extends StoreUnderTest {

    private Batches batches() {
        return backend().batches();
    }

    private List<PushRequest> jobs(int n) {
        List<PushRequest> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) jobs.add(PushRequest.now(q(), job("batch-job-" + i)));
        return jobs;
    }

    private PushRequest callback(String name) {
        return PushRequest.now(q() + "-high", job(name));
    }

    private BatchOptions allCallbacks(boolean allowFailures) {
        return new BatchOptions(allowFailures, callback("then"), callback("catch"), callback("finally"));
    }

    /** Creates a batch of {@code n} jobs and reserves them all. */
    private List<ReservedJob> createAndReserve(String id, int n, BatchOptions options) {
        batches().create(id, "contract", options, Batch.stamp(id, jobs(n)));
        List<ReservedJob> reserved = new ArrayList<>();
        while (reserved.size() < n) {
            List<ReservedJob> got = backend().reserve(List.of(q()), n - reserved.size());
            assertThat(got).as("the batch's jobs are on its queue").isNotEmpty();
            reserved.addAll(got);
        }
        return reserved;
    }

    /** The display names of the callbacks pushed so far (taken off their queue). */
    private List<String> callbacksPushed() {
        List<String> names = new ArrayList<>();
        for (ReservedJob j : backend().reserve(List.of(q() + "-high"), 100)) {
            names.add(nameOf(j));
            assertThat(Payload.parse(j.rawPayload()).batchId())
                    .as("a callback is not one of the batch's jobs")
                    .isNull();
            backend().ack(j);
        }
        return names;
    }

    private Batch batch(String id) {
        return batches().find(id).orElseThrow();
    }

    @Test
    default void aBatchIsCreatedWithItsJobsWhichCarryItsId() {
        String id = Batch.newId();
        List<String> ids = batches().create(id, "mailbox sync", BatchOptions.NONE, Batch.stamp(id, jobs(3)));
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        Batch b = batch(id);
        assertThat(b.name()).isEqualTo("mailbox sync");
        assertThat(b.totalJobs()).isEqualTo(3);
        assertThat(b.pendingJobs()).isEqualTo(3);
        assertThat(b.failedJobs()).isZero();
        assertThat(b.progress()).isZero();
        assertThat(b.finished()).isFalse();
        assertThat(b.cancelled()).isFalse();
        assertThat(b.createdAt())
                .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 60);
        List<ReservedJob> reserved = backend().reserve(List.of(q()), 10);
        assertThat(reserved).hasSize(3);
        assertThat(reserved)
                .allSatisfy(
                        j -> assertThat(Payload.parse(j.rawPayload()).batchId()).isEqualTo(id));
    }

    @Test
    default void everySuccessCountsAndThenAndFinallyArePushedOnceAtTheEnd() {
        String id = Batch.newId();
        List<ReservedJob> reserved = createAndReserve(id, 3, allCallbacks(false));
        assertThat(batches().ack(reserved.get(0), id)).isTrue();
        assertThat(batches().ack(reserved.get(1), id)).isTrue();
        assertThat(batch(id).pendingJobs()).isEqualTo(1);
        assertThat(batch(id).progress()).isEqualTo(67);
        assertThat(callbacksPushed()).isEmpty();

        assertThat(batches().ack(reserved.get(2), id)).isTrue();
        Batch b = batch(id);
        assertThat(b.pendingJobs()).isZero();
        assertThat(b.progress()).isEqualTo(100);
        assertThat(b.finished()).isTrue();
        assertThat(callbacksPushed()).containsExactlyInAnyOrder("echo then", "echo finally");
        assertThat(backend().sizes(q()).reserved()).as("the jobs were acked").isZero();
    }

    @Test
    default void aLostReservationChangesNoCount() {
        String id = Batch.newId();
        List<ReservedJob> reserved = createAndReserve(id, 1, allCallbacks(false));
        ReservedJob stale = new ReservedJob(
                reserved.getFirst().id(),
                q(),
                reserved.getFirst().rawPayload(),
                reserved.getFirst().attempts() + 5,
                reserved.getFirst().lease() == null ? null : reserved.getFirst().lease() + "x");
        assertThat(batches().ack(stale, id)).isFalse();
        assertThat(batches().fail(stale, id, "boom")).isFalse();
        assertThat(batch(id).pendingJobs()).isEqualTo(1);
        assertThat(batch(id).failedJobs()).isZero();
        assertThat(callbacksPushed()).isEmpty();
        assertThat(batches().ack(reserved.getFirst(), id)).isTrue();
        assertThat(batches().ack(reserved.getFirst(), id))
                .as("a second ack of the same job")
                .isFalse();
        assertThat(callbacksPushed()).containsExactlyInAnyOrder("echo then", "echo finally");
    }

    @Test
    default void theLastJobsEndingTogetherPushEachCallbackOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = Batch.newId();
            List<ReservedJob> reserved = createAndReserve(id, 16, allCallbacks(true));
            List<Callable<Boolean>> enders = new ArrayList<>();
            for (int i = 0; i < reserved.size(); i++) {
                ReservedJob j = reserved.get(i);
                // two of them fail, so catch and finally race with the successes
                enders.add(
                        i % 8 == 0
                                ? () -> batches().fail(j, id, "boom")
                                : () -> batches().ack(j, id));
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (Future<Boolean> f : pool.invokeAll(enders))
                    assertThat(f.get()).isTrue();
            }
            Batch b = batch(id);
            assertThat(b.failedJobs()).isEqualTo(2);
            assertThat(b.pendingJobs()).isEqualTo(2);
            assertThat(b.failedJobIds()).hasSize(2);
            assertThat(callbacksPushed()).as("round " + round).containsExactlyInAnyOrder("echo catch", "echo finally");
        }
    }

    @Test
    default void failuresAreRecordedCatchOnceFinallyOnceAndARetriedSuccessFinishesTheBatch() {
        String id = Batch.newId();
        List<ReservedJob> reserved = createAndReserve(id, 4, allCallbacks(true));
        assertThat(batches().fail(reserved.get(0), id, "Boom: first\nat line 2"))
                .isTrue();
        assertThat(callbacksPushed()).containsExactly("echo catch");
        assertThat(batches().fail(reserved.get(1), id, "Boom: second")).isTrue();
        assertThat(batches().ack(reserved.get(2), id)).isTrue();
        assertThat(callbacksPushed()).isEmpty();
        assertThat(batches().ack(reserved.get(3), id)).isTrue();
        assertThat(callbacksPushed()).as("every job has run").containsExactly("echo finally");

        Batch b = batch(id);
        assertThat(b.cancelled()).as("failures are allowed").isFalse();
        assertThat(b.finished()).isFalse();
        assertThat(b.failedJobs()).isEqualTo(2);
        assertThat(b.pendingJobs()).isEqualTo(2);
        List<String> uuids = List.of(
                Payload.parse(reserved.get(0).rawPayload()).uuid(),
                Payload.parse(reserved.get(1).rawPayload()).uuid());
        assertThat(b.failedJobIds()).containsExactlyElementsOf(uuids);
        for (String uuid : uuids) {
            FailedJob f = backend().failedJobs().find(uuid).orElseThrow();
            assertThat(Payload.parse(f.payload()).batchId()).isEqualTo(id);
        }

        // a retry re-pushes the failed payloads; their success counts and finishes the batch
        for (String uuid : uuids) {
            FailedJob f = backend().failedJobs().find(uuid).orElseThrow();
            backend().push(PushRequest.now(q(), Payload.parse(f.payload()).with("attempts", 0)));
            backend().failedJobs().forget(uuid);
        }
        for (ReservedJob j : backend().reserve(List.of(q()), 10))
            assertThat(batches().ack(j, id)).isTrue();
        b = batch(id);
        assertThat(b.pendingJobs()).isZero();
        assertThat(b.failedJobIds()).isEmpty();
        assertThat(b.finished()).isTrue();
        assertThat(callbacksPushed())
                .as("Laravel: then runs when pending reaches 0")
                .containsExactly("echo then");
    }

    @Test
    default void theFirstFailureCancelsTheBatchUnlessFailuresAreAllowed() {
        String id = Batch.newId();
        List<ReservedJob> reserved = createAndReserve(id, 2, allCallbacks(false));
        assertThat(batches().fail(reserved.get(0), id, "boom")).isTrue();
        Batch b = batch(id);
        assertThat(b.cancelled()).isTrue();
        assertThat(b.finished()).as("Laravel marks a cancelled batch finished").isTrue();
        assertThat(b.allowFailures()).isFalse();
        assertThat(callbacksPushed()).containsExactly("echo catch");
        assertThat(batches().ack(reserved.get(1), id)).isTrue();
        assertThat(callbacksPushed()).containsExactly("echo finally");
    }

    @Test
    default void cancelMarksTheBatchAndUnknownIdsAreNoBatch() {
        String id = Batch.newId();
        batches().create(id, "c", BatchOptions.NONE, Batch.stamp(id, jobs(1)));
        assertThat(batches().cancel(id)).isTrue();
        assertThat(batch(id).cancelled()).isTrue();
        assertThat(batches().cancel(id)).as("cancelling twice is fine").isTrue();
        assertThat(batches().cancel(Batch.newId())).isFalse();
        assertThat(batches().find(Batch.newId())).isEmpty();
    }

    @Test
    default void aBatchGrowsWithAddedJobs() {
        String id = Batch.newId();
        List<ReservedJob> reserved = createAndReserve(id, 1, allCallbacks(false));
        assertThat(batches().ack(reserved.getFirst(), id)).isTrue();
        assertThat(batch(id).finished()).isTrue();
        callbacksPushed();

        assertThat(batches().add(id, Batch.stamp(id, jobs(2)))).hasSize(2);
        Batch b = batch(id);
        assertThat(b.totalJobs()).isEqualTo(3);
        assertThat(b.pendingJobs()).isEqualTo(2);
        assertThat(b.finished()).as("adding reopens the batch").isFalse();
        assertThat(backend().sizes(q()).pending()).isEqualTo(2);
        String unknown = Batch.newId();
        assertThatThrownBy(() -> batches().add(unknown, Batch.stamp(unknown, jobs(1))))
                .isInstanceOf(NoSuchBatchException.class);
    }

    @Test
    default void listIsNewestFirstAndPaged() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = Batch.newId();
            batches().create(id, "list-" + i, BatchOptions.NONE, Batch.stamp(id, jobs(1)));
            ids.add(id);
            Thread.sleep(1100); // creation times are whole seconds on SQL
        }
        assertThat(batches().list(0, 2)).extracting(Batch::id).containsExactly(ids.get(2), ids.get(1));
        assertThat(batches().list(2, 1)).extracting(Batch::id).containsExactly(ids.get(0));
    }

    @Test
    default void pruneDeletesFinishedUnfinishedAndCancelledBatchesByAge() {
        Instant later = Instant.now().plusSeconds(7200);
        batches().prune(later, later, later); // the other tests' batches, so the counts below are this test's
        String finished = Batch.newId();
        String running = Batch.newId();
        String cancelled = Batch.newId();
        batches().create(finished, "f", BatchOptions.NONE, Batch.stamp(finished, jobs(1)));
        ReservedJob j = backend().reserve(List.of(q()), 1).getFirst();
        batches().ack(j, finished);
        batches().create(running, "r", BatchOptions.NONE, Batch.stamp(running, jobs(1)));
        batches().create(cancelled, "c", BatchOptions.NONE, Batch.stamp(cancelled, jobs(1)));
        batches().cancel(cancelled);

        Instant past = Instant.now().minusSeconds(3600);
        Instant future = Instant.now().plusSeconds(3600);
        assertThat(batches().prune(past, past, past)).as("nothing is that old").isZero();
        assertThat(batches().prune(null, future, null))
                .as("only the unfinished one")
                .isEqualTo(1);
        assertThat(batches().find(running)).isEmpty();
        assertThat(batches().find(cancelled)).isPresent();
        assertThat(batches().prune(future, null, null))
                .as("finished ones; a cancelled batch is finished too")
                .isEqualTo(2);
        assertThat(batches().find(finished)).isEmpty();
        assertThat(batches().find(cancelled)).isEmpty();
    }
}
