package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Acknowledging finished jobs, one at a time or as a group, fenced job by job. */
public interface AckContract extends StoreUnderTest {

    @Test
    default void deleteAcknowledgesTheJob() {
        push(q(), "ack");
        ReservedJob job = backend().reserve(List.of(q()), 1).getFirst();

        assertThat(backend().ack(job)).isTrue();

        assertThat(backend().sizes(q()).total()).isZero();
        assertThat(backend().ack(job)).isFalse();
    }

    @Test
    default void deleteAllAcksManyAtOnceAndRejectsThoseNoLongerHeld() {
        for (int i = 0; i < 3; i++) push(q(), "group" + i);
        List<ReservedJob> jobs = backend().reserve(List.of(q()), 3);
        ReservedJob released = jobs.get(1);
        backend().release(released, released.rawPayload(), Duration.ZERO);

        assertThat(backend().ackAll(jobs)).containsExactly(true, false, true);

        assertThat(backend().sizes(q()).total()).isEqualTo(1);
        assertThat(backend().sizes(q()).pending()).isEqualTo(1);
    }

    @Test
    default void aGroupAckSkipsAStaleReservationAndAcksTheRest() {
        push(q(), "fenced");
        ReservedJob stale = backend().reserve(List.of(q()), 1).getFirst();
        ReservedJob current =
                eventually(RETRY_AFTER.multipliedBy(3), () -> backend().reserve(List.of(q()), 1));
        push(q(), "fresh");
        ReservedJob fresh = backend().reserve(List.of(q()), 1).getFirst();

        assertThat(backend().ackAll(List.of(stale, fresh))).containsExactly(false, true);

        assertThat(backend().sizes(q()).reserved()).isEqualTo(1);
        assertThat(backend().ackAll(List.of(current))).containsExactly(true);
        assertThat(backend().sizes(q()).total()).isZero();
    }
}
