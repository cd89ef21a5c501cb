package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueuedJob;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding a job still in the store by the id its push returned (the dashboard's lookup). */
public interface LookupContract extends StoreUnderTest {

    @Test
    default void aJobIsFoundByItsIdWithItsStateUntilItIsFinished() {
        String pending = push(q(), "pending");
        String delayed = backend().push(new PushRequest(q(), job("delayed"), Duration.ofMinutes(5)));
        String reserved = push(q() + "-high", "reserved");
        ReservedJob held = backend().reserve(List.of(q() + "-high"), 1).getFirst();
        List<String> queues = List.of(q(), q() + "-high");

        QueuedJob found = backend().findQueued(pending, queues).orElseThrow();
        assertThat(found.id()).isEqualTo(pending);
        assertThat(found.queue()).isEqualTo(q());
        assertThat(found.state()).isEqualTo("pending");
        assertThat(found.payload()).contains("echo", "pending");
        assertThat(backend().findQueued(delayed, queues).orElseThrow().state()).isEqualTo("delayed");
        QueuedJob running = backend().findQueued(reserved, queues).orElseThrow();
        assertThat(running.state()).isEqualTo("reserved");
        assertThat(running.queue()).isEqualTo(q() + "-high");

        assertThat(backend().ack(held)).isTrue();
        assertThat(backend().findQueued(reserved, queues)).isEmpty();
        assertThat(backend().findQueued("999999999", queues)).isEmpty();
        assertThat(backend().findQueued("no-such-job", queues)).isEmpty();
    }
}
