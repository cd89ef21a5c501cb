package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.ReservedJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attempts counter at the edge of its column: a job there must not stop its queue, and a
 * count past 32 bits must still fence its own reservation. Stores whose counter lives in a table
 * column implement it (the SQL stores); the test writes the counter straight into the row.
 */
public interface AttemptsLimitContract extends StoreUnderTest {

    /** Sets the stored attempts of a pending job, as a long run of retries (or a hand-edited row) would. */
    void storeAttempts(String id, long attempts);

    @Test
    default void aJobAtTheAttemptsLimitIsHandedOutAtTheLimitAndTheQueueKeepsMoving() {
        String stuck = push(q(), "at-limit");
        String next = push(q(), "behind-it");
        long limit = backend().attemptsLimit();
        storeAttempts(stuck, limit);

        List<ReservedJob> jobs = backend().reserve(List.of(q()), 2);

        assertThat(jobs).extracting(ReservedJob::id).containsExactly(stuck, next);
        assertThat(jobs.getFirst().attempts()).isEqualTo(limit);
        assertThat(jobs.getLast().attempts()).isEqualTo(1);
        assertThat(backend().fail(jobs.getFirst(), "AttemptsLimit: test")).isTrue();
        assertThat(backend().ack(jobs.getLast())).isTrue();
        assertThat(backend().sizes(q()).reserved()).isZero();
    }

    @Test
    default void aCountBeyondThirtyTwoBitsOrUpToTheLimitStillFencesItsReservation() {
        String id = push(q(), "long-runner");
        long before = Math.min(backend().attemptsLimit() - 1, Integer.MAX_VALUE);
        storeAttempts(id, before);

        ReservedJob job = backend().reserve(List.of(q()), 1).getFirst();

        assertThat(job.attempts()).isEqualTo(before + 1);
        assertThat(backend().renew(job)).isTrue();
        assertThat(backend().ack(job)).isTrue();
        assertThat(backend().sizes(q()).pending() + backend().sizes(q()).reserved())
                .isZero();
    }
}
