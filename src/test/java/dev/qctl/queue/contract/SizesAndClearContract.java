package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueSizes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting a queue's jobs by state, and clearing a queue. */
public interface SizesAndClearContract extends StoreUnderTest {

    @Test
    default void sizesCountJobsByState() {
        push(q(), "pending1");
        push(q(), "pending2");
        backend().push(new PushRequest(q(), job("delayed"), Duration.ofMinutes(5)));
        push(q(), "reserved");
        backend().reserve(List.of(q()), 1);

        QueueSizes sizes = backend().sizes(q());

        assertThat(sizes.pending()).isEqualTo(2);
        assertThat(sizes.delayed()).isEqualTo(1);
        assertThat(sizes.reserved()).isEqualTo(1);
        assertThat(sizes.total()).isEqualTo(4);
        assertThat(backend().sizes(q() + "-low").total()).isZero();
    }

    @Test
    default void clearDeletesEveryJobOfTheQueueIncludingReservedOnes() {
        push(q(), "a");
        push(q(), "b");
        push(q() + "-low", "other queue");
        backend().reserve(List.of(q()), 1);

        assertThat(backend().clear(q())).isEqualTo(2);

        assertThat(backend().sizes(q()).total()).isZero();
        assertThat(backend().sizes(q() + "-low").total()).isEqualTo(1);
    }
}
