package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.Payload;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handing a job back: released (an attempt used, maybe delayed) or unreserved (never started). */
public interface ReleaseContract extends StoreUnderTest {

    @Test
    default void releaseReturnsTheJobWithItsAttemptsAndNewPayload() {
        push(q(), "again");
        ReservedJob first = backend().reserve(List.of(q()), 1).getFirst();
        String updated =
                Payload.parse(first.rawPayload()).with("note", "released once").toJson();

        assertThat(backend().release(first, updated, Duration.ZERO)).isTrue();

        ReservedJob second = eventually(Duration.ofSeconds(3), () -> backend().reserve(List.of(q()), 1));
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(Payload.parse(second.rawPayload()).toJson()).contains("released once");
    }

    @Test
    default void releaseWithDelayHoldsTheJobBack() {
        push(q(), "backoff");
        ReservedJob first = backend().reserve(List.of(q()), 1).getFirst();

        backend().release(first, first.rawPayload(), Duration.ofSeconds(2));

        assertThat(backend().sizes(q()).delayed()).isEqualTo(1);
        assertThat(backend().reserve(List.of(q()), 1)).isEmpty();
        assertThat(eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1))
                        .attempts())
                .isEqualTo(2);
    }

    @Test
    default void anUnreservedJobComesBackFirstWithoutUsingAnAttempt() {
        push(q(), "first");
        push(q(), "second");
        push(q(), "third");
        List<ReservedJob> prefetched = backend().reserve(List.of(q()), 2);

        // handed back last-first, as a stopping worker does, so the queue's order survives
        assertThat(backend().unreserve(prefetched.get(1))).isTrue();
        assertThat(backend().unreserve(prefetched.get(0))).isTrue();

        assertThat(backend().sizes(q()).reserved()).isZero();
        List<ReservedJob> again = backend().reserve(List.of(q()), 3);
        assertThat(again).extracting(this::nameOf).containsExactly("echo first", "echo second", "echo third");
        assertThat(again).extracting(ReservedJob::attempts).containsExactly(1L, 1L, 1L);
        assertThat(again.get(0).id()).isEqualTo(prefetched.get(0).id());
    }

    @Test
    default void aStaleReservationCannotBeUnreserved() {
        push(q(), "taken");
        ReservedJob stale = backend().reserve(List.of(q()), 1).getFirst();
        ReservedJob current =
                eventually(RETRY_AFTER.multipliedBy(3), () -> backend().reserve(List.of(q()), 1));

        assertThat(backend().unreserve(stale)).isFalse();
        assertThat(backend().sizes(q()).reserved()).isEqualTo(1);
        assertThat(backend().ack(current)).isTrue();
    }
}
