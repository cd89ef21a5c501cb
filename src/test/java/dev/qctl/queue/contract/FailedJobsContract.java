package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.FailedJobPage;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failing a job, and the failed-job store it lands in: find, forget, flush. */
public interface FailedJobsContract extends StoreUnderTest {

    @Test
    default void failRemovesTheJobAndRecordsItWithItsException() {
        Payload payload = job("doomed");
        backend().push(PushRequest.now(q(), payload));
        ReservedJob job = backend().reserve(List.of(q()), 1).getFirst();

        assertThat(backend().fail(job, "exit status 3: boom\nmore detail")).isTrue();

        assertThat(backend().sizes(q()).total()).isZero();
        List<FailedJob> failed = backend().failedJobs().list(q());
        assertThat(failed).hasSize(1);
        FailedJob f = failed.getFirst();
        assertThat(f.uuid()).isEqualTo(payload.uuid());
        assertThat(f.queue()).isEqualTo(q());
        assertThat(f.connection()).isEqualTo(backend().connectionName());
        assertThat(f.exception()).isEqualTo("exit status 3: boom\nmore detail");
        assertThat(f.exceptionSummary()).isEqualTo("exit status 3: boom");
        assertThat(f.displayName()).isEqualTo("echo doomed");
        assertThat(Payload.parse(f.payload()).uuid()).isEqualTo(payload.uuid());
        assertThat(f.failedAt())
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
    }

    /** Issue 19: a NUL in a job's stderr made PostgreSQL refuse the record, and the real error was lost. */
    @Test
    default void anExceptionWithANulByteIsRecordedNotLost() {
        backend().push(PushRequest.now(q(), job("nul")));
        ReservedJob job = backend().reserve(List.of(q()), 1).getFirst();

        assertThat(backend().fail(job, "exit status 1: before\u0000after")).isTrue();

        assertThat(backend().failedJobs().list(q()))
                .singleElement()
                .satisfies(f -> assertThat(f.exception())
                        .startsWith("exit status 1: before")
                        .endsWith("after"));
    }

    @Test
    default void failedJobsAreFoundByIdOrUuidAndForgotten() {
        Payload payload = job("findme");
        backend().push(PushRequest.now(q(), payload));
        backend().fail(backend().reserve(List.of(q()), 1).getFirst(), "boom");
        FailedJob f = backend().failedJobs().list(q()).getFirst();

        assertThat(backend().failedJobs().find(Long.toString(f.id()))).contains(f);
        assertThat(backend().failedJobs().find(payload.uuid())).contains(f);
        assertThat(backend().failedJobs().find("999999999")).isEmpty();

        assertThat(backend().failedJobs().forget(payload.uuid())).isTrue();
        assertThat(backend().failedJobs().forget(payload.uuid())).isFalse();
        assertThat(backend().failedJobs().list(q())).isEmpty();
    }

    @Test
    default void findAllAndForgetAllTakeIdsAndUuidsInTheOrderAsked() {
        Payload byUuid = job("batch-a");
        long a = backend().failedJobs().record(backend().connectionName(), q(), byUuid.toJson(), "a");
        long b = backend()
                .failedJobs()
                .record(backend().connectionName(), q(), job("batch-b").toJson(), "b");

        List<java.util.Optional<FailedJob>> found =
                backend().failedJobs().findAll(List.of(Long.toString(b), "999999999", byUuid.uuid()));
        assertThat(found).hasSize(3);
        assertThat(found.get(0)).map(FailedJob::exception).hasValue("b");
        assertThat(found.get(1)).isEmpty();
        assertThat(found.get(2)).map(FailedJob::id).hasValue(a);

        assertThat(backend().failedJobs().forgetAll(List.of(byUuid.uuid(), Long.toString(b), "999999999")))
                .isEqualTo(2);
        assertThat(backend().failedJobs().find(Long.toString(a))).isEmpty();
        assertThat(backend().failedJobs().find(Long.toString(b))).isEmpty();
    }

    @Test
    default void recordingAFailedJobWithAnUnreadablePayloadKeepsItVerbatim() {
        long id = backend().failedJobs().record(backend().connectionName(), q(), "{not json", "InvalidPayload: nope");

        FailedJob f = backend().failedJobs().find(Long.toString(id)).orElseThrow();
        assertThat(f.payload()).isEqualTo("{not json");
        assertThat(f.uuid()).isNotBlank();
        assertThat(f.displayName()).isEqualTo("(unreadable payload)");
        backend().failedJobs().forget(Long.toString(id));
    }

    @Test
    default void flushWithACutoffKeepsNewerFailures() {
        backend()
                .failedJobs()
                .record(backend().connectionName(), q(), job("recent").toJson(), "boom");

        // the store is shared: older failures of other tests may go, this newer one must stay
        backend().failedJobs().flush(Instant.now().minus(Duration.ofHours(1)));
        assertThat(backend().failedJobs().list(q())).hasSize(1);
        assertThat(backend().failedJobs().flush(Instant.now().plusSeconds(5))).isGreaterThanOrEqualTo(1);
        assertThat(backend().failedJobs().list(q())).isEmpty();
    }

    @Test
    default void failedJobsComeInPagesNewestFirstAndFiltered() {
        String other = q() + "-low";
        for (int i = 0; i < 5; i++)
            backend()
                    .failedJobs()
                    .record(backend().connectionName(), q(), job("paged" + i).toJson(), "Boom " + i);
        backend()
                .failedJobs()
                .record(backend().connectionName(), other, job("elsewhere").toJson(), "100% broken_x");

        FailedJobPage first = backend().failedJobs().page(new FailedJobFilter(q(), null, null), 0, 2);
        assertThat(first.jobs()).extracting(FailedJob::displayName).containsExactly("echo paged4", "echo paged3");
        FailedJobPage second = backend().failedJobs().page(new FailedJobFilter(q(), null, null), first.next(), 2);
        assertThat(second.jobs()).extracting(FailedJob::displayName).containsExactly("echo paged2", "echo paged1");
        FailedJobPage last = backend().failedJobs().page(new FailedJobFilter(q(), null, null), second.next(), 2);
        assertThat(last.jobs()).extracting(FailedJob::displayName).containsExactly("echo paged0");
        assertThat(last.next()).isZero();

        assertThat(backend()
                        .failedJobs()
                        .page(new FailedJobFilter(q(), "PAGED3", null), 0, 10)
                        .jobs())
                .extracting(FailedJob::displayName)
                .containsExactly("echo paged3");
        assertThat(backend()
                        .failedJobs()
                        .page(new FailedJobFilter(q(), null, "boom 1"), 0, 10)
                        .jobs())
                .extracting(FailedJob::displayName)
                .containsExactly("echo paged1");
        // LIKE's wildcards in the search are plain characters
        assertThat(backend()
                        .failedJobs()
                        .page(new FailedJobFilter(null, null, "0% broken_"), 0, 10)
                        .jobs())
                .extracting(FailedJob::queue)
                .containsExactly(other);
        assertThat(backend()
                        .failedJobs()
                        .page(new FailedJobFilter(null, null, "_x%"), 0, 10)
                        .jobs())
                .isEmpty();

        assertThat(backend().failedJobs().countByQueue()).containsEntry(q(), 5L).containsEntry(other, 1L);
        backend().failedJobs().flush(null);
    }
}
