package dev.qctl.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend must have, written once. A backend's test class only says how
 * to open it ({@link #open(Duration)}) — see SqliteContractTest, PostgresContractTest, … —
 * and must pass this suite unchanged. Each test works on queues of its own, so a shared
 * server is fine.
 */
public abstract class QueueBackendContract {
    /** Short, so abandoned reservations come back within a test. */
    protected static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    protected QueueBackend backend;
    private String q;

    /** Opens a backend on a real store, with its tables/keys in place, using this retry_after. */
    protected abstract QueueBackend open(Duration retryAfter);

    @BeforeEach
    void openBackend() {
        backend = open(RETRY_AFTER);
        q = "contract-" + UUID.randomUUID();
    }

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            for (String suffix : List.of("", "-high", "-low")) backend.clear(q + suffix);
            backend.close();
        }
    }

    private static Payload job(String name) {
        return Payload.exec(List.of("echo", name), null, JobOptions.NONE);
    }

    private String push(String queue, String name) {
        return backend.push(PushRequest.now(queue, job(name)));
    }

    private static String nameOf(ReservedJob job) {
        return Payload.parse(job.rawPayload()).displayName();
    }

    @Test
    void pushedJobIsReservedWithItsPayloadAndFirstAttempt() {
        Payload payload = job("one");
        String id = backend.push(PushRequest.now(q, payload));

        List<ReservedJob> jobs = backend.reserve(List.of(q), 1);

        assertThat(jobs).hasSize(1);
        ReservedJob job = jobs.getFirst();
        assertThat(job.id()).isEqualTo(id);
        assertThat(job.queue()).isEqualTo(q);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(Payload.parse(job.rawPayload()).uuid()).isEqualTo(payload.uuid());
        assertThat(Payload.parse(job.rawPayload()).data().get("argv").get(1).asText()).isEqualTo("one");
    }

    @Test
    void emptyQueueReservesNothing() {
        assertThat(backend.reserve(List.of(q), 5)).isEmpty();
    }

    @Test
    void jobsComeOutInTheOrderTheyWentIn() {
        for (int i = 0; i < 5; i++) push(q, "job" + i);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) names.add(nameOf(backend.reserve(List.of(q), 1).getFirst()));
        assertThat(names).containsExactly("echo job0", "echo job1", "echo job2", "echo job3", "echo job4");
    }

    @Test
    void bulkPushReturnsIdsInOrderAndReserveTakesSeveralAtOnce() {
        List<PushRequest> requests = new ArrayList<>();
        for (int i = 0; i < 25; i++) requests.add(PushRequest.now(q, job("bulk" + i)));
        List<String> ids = backend.pushBulk(requests);
        assertThat(ids).hasSize(25).doesNotHaveDuplicates();

        List<ReservedJob> first = backend.reserve(List.of(q), 10);
        List<ReservedJob> rest = backend.reserve(List.of(q), 100);

        assertThat(first).hasSize(10);
        assertThat(rest).hasSize(15);
        assertThat(first.stream().map(ReservedJob::id).toList()).isEqualTo(ids.subList(0, 10));
        assertThat(nameOf(rest.getLast())).isEqualTo("echo bulk24");
    }

    @Test
    void aBulkPushLargerThanOneBatchKeepsEveryIdInOrder() {
        List<PushRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) requests.add(PushRequest.now(q, job("many" + i)));
        List<String> ids = backend.pushBulk(requests);
        assertThat(ids).hasSize(2_500).doesNotHaveDuplicates();

        List<String> reserved = new ArrayList<>();
        List<ReservedJob> round;
        while (!(round = backend.reserve(List.of(q), 500)).isEmpty()) {
            round.forEach(job -> reserved.add(job.id()));
            if (round.size() > 1) assertThat(nameOf(round.getLast())).isEqualTo("echo many" + (reserved.size() - 1));
        }
        assertThat(reserved).isEqualTo(ids);
    }

    @Test
    void earlierQueuesInThePriorityListDrainFirst() {
        push(q + "-low", "low");
        push(q + "-high", "high");
        List<String> queues = List.of(q + "-high", q + "-low");

        assertThat(nameOf(backend.reserve(queues, 1).getFirst())).isEqualTo("echo high");
        assertThat(nameOf(backend.reserve(queues, 1).getFirst())).isEqualTo("echo low");
    }

    @Test
    void reservingSeveralFillsFromLaterQueuesOnlyAfterEarlierOnes() {
        push(q + "-low", "low1");
        push(q + "-high", "high1");
        push(q + "-high", "high2");

        List<ReservedJob> jobs = backend.reserve(List.of(q + "-high", q + "-low"), 3);

        assertThat(jobs.stream().map(QueueBackendContract::nameOf).toList())
                .containsExactly("echo high1", "echo high2", "echo low1");
        assertThat(jobs.getLast().queue()).isEqualTo(q + "-low");
    }

    @Test
    void aReservedJobIsNotHandedOutAgainWhileItsLeaseLasts() {
        push(q, "once");
        assertThat(backend.reserve(List.of(q), 1)).hasSize(1);
        assertThat(backend.reserve(List.of(q), 1)).isEmpty();
    }

    @Test
    void deleteAcknowledgesTheJob() {
        push(q, "ack");
        ReservedJob job = backend.reserve(List.of(q), 1).getFirst();

        assertThat(backend.delete(job)).isTrue();

        assertThat(backend.sizes(q).total()).isZero();
        assertThat(backend.delete(job)).isFalse();
    }

    @Test
    void deleteAllAcksManyAtOnceAndRejectsThoseNoLongerHeld() {
        for (int i = 0; i < 3; i++) push(q, "group" + i);
        List<ReservedJob> jobs = backend.reserve(List.of(q), 3);
        ReservedJob released = jobs.get(1);
        backend.release(released, released.rawPayload(), Duration.ZERO);

        assertThat(backend.deleteAll(jobs)).containsExactly(true, false, true);

        assertThat(backend.sizes(q).total()).isEqualTo(1);
        assertThat(backend.sizes(q).pending()).isEqualTo(1);
    }

    @Test
    void delayedJobBecomesAvailableOnlyAfterItsDelay() {
        backend.push(new PushRequest(q, job("later"), Duration.ofSeconds(2)));

        assertThat(backend.sizes(q).delayed()).isEqualTo(1);
        assertThat(backend.reserve(List.of(q), 1)).isEmpty();

        ReservedJob job = eventually(Duration.ofSeconds(5), () -> backend.reserve(List.of(q), 1));
        assertThat(nameOf(job)).isEqualTo("echo later");
    }

    @Test
    void releaseReturnsTheJobWithItsAttemptsAndNewPayload() {
        push(q, "again");
        ReservedJob first = backend.reserve(List.of(q), 1).getFirst();
        String updated = Payload.parse(first.rawPayload()).with("note", "released once").toJson();

        assertThat(backend.release(first, updated, Duration.ZERO)).isTrue();

        ReservedJob second = eventually(Duration.ofSeconds(3), () -> backend.reserve(List.of(q), 1));
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(Payload.parse(second.rawPayload()).toJson()).contains("released once");
    }

    @Test
    void anUnreservedJobComesBackFirstWithoutUsingAnAttempt() {
        push(q, "first");
        push(q, "second");
        push(q, "third");
        List<ReservedJob> prefetched = backend.reserve(List.of(q), 2);

        // handed back last-first, as a stopping worker does, so the queue's order survives
        assertThat(backend.unreserve(prefetched.get(1))).isTrue();
        assertThat(backend.unreserve(prefetched.get(0))).isTrue();

        assertThat(backend.sizes(q).reserved()).isZero();
        List<ReservedJob> again = backend.reserve(List.of(q), 3);
        assertThat(again).extracting(QueueBackendContract::nameOf).containsExactly("echo first", "echo second", "echo third");
        assertThat(again).extracting(ReservedJob::attempts).containsExactly(1, 1, 1);
        assertThat(again.get(0).id()).isEqualTo(prefetched.get(0).id());
    }

    @Test
    void afterTidyingEveryJobIsKeptAndAReservationTakesNoMoreThanAsked() {
        push(q, "done");
        backend.delete(backend.reserve(List.of(q), 1).getFirst());
        push(q, "waiting0");
        // PostgreSQL analyzes the table here while it holds about one row; with such statistics
        // its planner once rescanned the reservation's subquery per row and reserved every job
        backend.tidy();
        for (int i = 1; i < 5; i++) push(q, "waiting" + i);

        assertThat(backend.sizes(q).pending()).isEqualTo(5);
        List<ReservedJob> one = backend.reserve(List.of(q), 1);
        assertThat(one).extracting(QueueBackendContract::nameOf).containsExactly("echo waiting0");
        assertThat(backend.sizes(q).reserved()).isEqualTo(1);
        assertThat(backend.reserve(List.of(q), 2)).extracting(QueueBackendContract::nameOf)
                .containsExactly("echo waiting1", "echo waiting2");
    }

    @Test
    void aStaleReservationCannotBeUnreserved() {
        push(q, "taken");
        ReservedJob stale = backend.reserve(List.of(q), 1).getFirst();
        ReservedJob current = eventually(RETRY_AFTER.multipliedBy(3), () -> backend.reserve(List.of(q), 1));

        assertThat(backend.unreserve(stale)).isFalse();
        assertThat(backend.sizes(q).reserved()).isEqualTo(1);
        assertThat(backend.delete(current)).isTrue();
    }

    @Test
    void releaseWithDelayHoldsTheJobBack() {
        push(q, "backoff");
        ReservedJob first = backend.reserve(List.of(q), 1).getFirst();

        backend.release(first, first.rawPayload(), Duration.ofSeconds(2));

        assertThat(backend.sizes(q).delayed()).isEqualTo(1);
        assertThat(backend.reserve(List.of(q), 1)).isEmpty();
        assertThat(eventually(Duration.ofSeconds(5), () -> backend.reserve(List.of(q), 1)).attempts()).isEqualTo(2);
    }

    @Test
    void anAbandonedReservationComesBackAfterRetryAfter() {
        push(q, "abandoned");
        ReservedJob first = backend.reserve(List.of(q), 1).getFirst();

        ReservedJob again = eventually(RETRY_AFTER.multipliedBy(3), () -> backend.reserve(List.of(q), 1));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.attempts()).isEqualTo(2);
    }

    @Test
    void renewingTheLeaseKeepsTheJobFromOtherWorkers() throws InterruptedException {
        push(q, "long");
        ReservedJob job = backend.reserve(List.of(q), 1).getFirst();

        // not a wait for a condition: renew on a beat for three retry_afters, checking at each beat
        Instant until = Instant.now().plus(RETRY_AFTER.multipliedBy(3));
        while (Instant.now().isBefore(until)) {
            assertThat(backend.renew(job)).isTrue();
            assertThat(backend.reserve(List.of(q), 1)).isEmpty();
            Thread.sleep(RETRY_AFTER.toMillis() / 4);
        }
        assertThat(backend.delete(job)).isTrue();
    }

    @Test
    void aStaleReservationCannotAckReleaseRenewOrFailTheJob() {
        push(q, "fenced");
        ReservedJob stale = backend.reserve(List.of(q), 1).getFirst();
        ReservedJob current = eventually(RETRY_AFTER.multipliedBy(3), () -> backend.reserve(List.of(q), 1));

        assertThat(backend.renew(stale)).isFalse();
        assertThat(backend.release(stale, stale.rawPayload(), Duration.ZERO)).isFalse();
        assertThat(backend.fail(stale, "late failure")).isFalse();
        assertThat(backend.delete(stale)).isFalse();

        assertThat(backend.sizes(q).reserved()).isEqualTo(1);
        assertThat(backend.failedJobs().list(q)).isEmpty();
        assertThat(backend.delete(current)).isTrue();
    }

    @Test
    void aGroupAckSkipsAStaleReservationAndAcksTheRest() {
        push(q, "fenced");
        ReservedJob stale = backend.reserve(List.of(q), 1).getFirst();
        ReservedJob current = eventually(RETRY_AFTER.multipliedBy(3), () -> backend.reserve(List.of(q), 1));
        push(q, "fresh");
        ReservedJob fresh = backend.reserve(List.of(q), 1).getFirst();

        assertThat(backend.deleteAll(List.of(stale, fresh))).containsExactly(false, true);

        assertThat(backend.sizes(q).reserved()).isEqualTo(1);
        assertThat(backend.deleteAll(List.of(current))).containsExactly(true);
        assertThat(backend.sizes(q).total()).isZero();
    }

    @Test
    void sizesCountJobsByState() {
        push(q, "pending1");
        push(q, "pending2");
        backend.push(new PushRequest(q, job("delayed"), Duration.ofMinutes(5)));
        push(q, "reserved");
        backend.reserve(List.of(q), 1);

        QueueSizes sizes = backend.sizes(q);

        assertThat(sizes.pending()).isEqualTo(2);
        assertThat(sizes.delayed()).isEqualTo(1);
        assertThat(sizes.reserved()).isEqualTo(1);
        assertThat(sizes.total()).isEqualTo(4);
        assertThat(backend.sizes(q + "-low").total()).isZero();
    }

    @Test
    void clearDeletesEveryJobOfTheQueueIncludingReservedOnes() {
        push(q, "a");
        push(q, "b");
        push(q + "-low", "other queue");
        backend.reserve(List.of(q), 1);

        assertThat(backend.clear(q)).isEqualTo(2);

        assertThat(backend.sizes(q).total()).isZero();
        assertThat(backend.sizes(q + "-low").total()).isEqualTo(1);
    }

    @Test
    void failRemovesTheJobAndRecordsItWithItsException() {
        Payload payload = job("doomed");
        backend.push(PushRequest.now(q, payload));
        ReservedJob job = backend.reserve(List.of(q), 1).getFirst();

        assertThat(backend.fail(job, "exit status 3: boom\nmore detail")).isTrue();

        assertThat(backend.sizes(q).total()).isZero();
        List<FailedJob> failed = backend.failedJobs().list(q);
        assertThat(failed).hasSize(1);
        FailedJob f = failed.getFirst();
        assertThat(f.uuid()).isEqualTo(payload.uuid());
        assertThat(f.queue()).isEqualTo(q);
        assertThat(f.connection()).isEqualTo(backend.connectionName());
        assertThat(f.exception()).isEqualTo("exit status 3: boom\nmore detail");
        assertThat(f.exceptionSummary()).isEqualTo("exit status 3: boom");
        assertThat(f.displayName()).isEqualTo("echo doomed");
        assertThat(Payload.parse(f.payload()).uuid()).isEqualTo(payload.uuid());
        assertThat(f.failedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
    }

    @Test
    void failedJobsAreFoundByIdOrUuidAndForgotten() {
        Payload payload = job("findme");
        backend.push(PushRequest.now(q, payload));
        backend.fail(backend.reserve(List.of(q), 1).getFirst(), "boom");
        FailedJob f = backend.failedJobs().list(q).getFirst();

        assertThat(backend.failedJobs().find(Long.toString(f.id()))).contains(f);
        assertThat(backend.failedJobs().find(payload.uuid())).contains(f);
        assertThat(backend.failedJobs().find("999999999")).isEmpty();

        assertThat(backend.failedJobs().forget(payload.uuid())).isTrue();
        assertThat(backend.failedJobs().forget(payload.uuid())).isFalse();
        assertThat(backend.failedJobs().list(q)).isEmpty();
    }

    @Test
    void recordingAFailedJobWithAnUnreadablePayloadKeepsItVerbatim() {
        long id = backend.failedJobs().record(backend.connectionName(), q, "{not json", "InvalidPayload: nope");

        FailedJob f = backend.failedJobs().find(Long.toString(id)).orElseThrow();
        assertThat(f.payload()).isEqualTo("{not json");
        assertThat(f.uuid()).isNotBlank();
        assertThat(f.displayName()).isEqualTo("(unreadable payload)");
        backend.failedJobs().forget(Long.toString(id));
    }

    @Test
    void flushWithACutoffKeepsNewerFailures() {
        backend.failedJobs().record(backend.connectionName(), q, job("recent").toJson(), "boom");

        assertThat(backend.failedJobs().flush(Instant.now().minus(Duration.ofHours(1)))).isZero();
        assertThat(backend.failedJobs().list(q)).hasSize(1);
        assertThat(backend.failedJobs().flush(Instant.now().plusSeconds(5))).isGreaterThanOrEqualTo(1);
        assertThat(backend.failedJobs().list(q)).isEmpty();
    }

    @Test
    void unicodeAndLargePayloadsSurviveTheRoundTrip() {
        String big = "ü€😀".repeat(20_000);
        Payload payload = Payload.create("custom", "big", new TextNode(big), JobOptions.NONE);
        backend.push(PushRequest.now(q, payload));

        ReservedJob job = backend.reserve(List.of(q), 1).getFirst();

        assertThat(Payload.parse(job.rawPayload()).data().asText()).isEqualTo(big);
    }

    /** Polls until {@code reserve} yields a job, or fails the test after {@code within}. */
    private static ReservedJob eventually(Duration within, Supplier<List<ReservedJob>> reserve) {
        return await("a job to become available").atMost(within).pollInterval(Duration.ofMillis(100))
                .until(reserve::get, jobs -> !jobs.isEmpty()).getFirst();
    }
}
