package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.Capability;
import dev.qctl.queue.ReservedJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reserving ahead: jobs a worker holds before it starts them are leased, and where the store
 * declares {@link Capability#COUNTS_ATTEMPTS_AT_START} their attempt is counted only when they
 * start, so a worker that dies holding them costs them nothing. The fallback counts at once.
 */
public interface ReserveAheadContract extends StoreUnderTest {

    private boolean countsAtStart() {
        return declares(Capability.COUNTS_ATTEMPTS_AT_START);
    }

    @Test
    default void aJobReservedAheadIsLeasedAndItsAttemptCountsWhenItStarts() {
        push(q(), "ahead");
        ReservedJob ahead = backend().reserveAhead(List.of(q()), 1).getFirst();
        assertThat(backend().reserve(List.of(q()), 1)).as("leased").isEmpty();
        assertThat(ahead.attempts()).isEqualTo(countsAtStart() ? 0 : 1);

        ReservedJob started = backend().startAll(List.of(ahead)).getFirst();

        assertThat(started.attempts()).isEqualTo(1);
        if (countsAtStart())
            assertThat(backend().ack(ahead)).as("the uncounted token is spent").isFalse();
        assertThat(backend().ack(started)).isTrue();
        assertThat(backend().sizes(q()).reserved()).isZero();
    }

    @Test
    default void aJobHeldAheadByAWorkerThatDiedComesBackWithNoAttemptUsed() {
        push(q(), "orphan");
        backend().reserveAhead(List.of(q()), 1); // and the worker dies before starting it

        ReservedJob again =
                eventually(RETRY_AFTER.multipliedBy(3), () -> backend().reserve(List.of(q()), 1));

        assertThat(again.attempts()).isEqualTo(countsAtStart() ? 1 : 2);
    }

    @Test
    default void aStaleHolderCannotStartAJobReservedAgainSince() {
        push(q(), "contested");
        ReservedJob stale = backend().reserveAhead(List.of(q()), 1).getFirst();
        ReservedJob current =
                eventually(RETRY_AFTER.multipliedBy(3), () -> backend().reserveAhead(List.of(q()), 1));

        ReservedJob started = backend().startAll(List.of(current)).getFirst();

        assertThat(started).isNotNull();
        if (countsAtStart()) assertThat(backend().startAll(List.of(stale))).containsExactly((ReservedJob) null);
        assertThat(backend().ack(stale)).isFalse();
        assertThat(backend().ack(started)).isTrue();
    }

    @Test
    default void jobsHandedBackBeforeTheyStartedKeepTheirPlaceAndTheirAttempts() {
        push(q(), "first");
        push(q(), "second");
        List<ReservedJob> held = backend().reserveAhead(List.of(q()), 2);

        assertThat(backend().unreserveAhead(held.get(1))).isTrue();
        assertThat(backend().unreserveAhead(held.get(0))).isTrue();

        List<ReservedJob> again = backend().reserve(List.of(q()), 2);
        assertThat(again).extracting(this::nameOf).containsExactly("echo first", "echo second");
        assertThat(again).extracting(ReservedJob::attempts).containsExactly(1L, 1L);
    }
}
