package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reservation's lease: it lapses after retry_after, renewing extends it, and a lapsed one is fenced off. */
public interface LeaseContract extends StoreUnderTest {

    @Test
    default void anAbandonedReservationComesBackAfterRetryAfter() {
        push(q(), "abandoned");
        ReservedJob first = backend().reserve(List.of(q()), 1).getFirst();

        ReservedJob again =
                eventually(RETRY_AFTER.multipliedBy(3), () -> backend().reserve(List.of(q()), 1));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.attempts()).isEqualTo(2);
    }

    /**
     * A worker that dies hands its job on as it was pushed (attempts aside): no re-encoding that
     * turns [] into {} or rounds 17-digit numbers, which would break signatures and data.
     */
    @Test
    default void anAbandonedReservationComesBackWithThePushedBytes() {
        JsonNode data = Json.parse(
                "{\"empty\":[],\"nested\":{\"list\":[[],{}]},\"big\":12345678901234567,"
                        + "\"float\":0.30000000000000004,\"text\":\"caf\u00e9 \\u00e9 \\\"attempts\\\":9\"}",
                "test data");
        backend().push(PushRequest.now(q(), Payload.exec(List.of("echo", "exact"), data, JobOptions.NONE)));
        ReservedJob first = backend().reserve(List.of(q()), 1).getFirst();

        ReservedJob again =
                eventually(RETRY_AFTER.multipliedBy(3), () -> backend().reserve(List.of(q()), 1));

        assertThat(again.attempts()).isEqualTo(2);
        assertThat(withoutAttempts(again.rawPayload())).isEqualTo(withoutAttempts(first.rawPayload()));
        assertThat(again.rawPayload()).contains("\"empty\":[]", "12345678901234567", "0.30000000000000004");
        assertThat(backend().ack(again)).isTrue();
    }

    /** The payload with its top-level attempts member taken out (stores that keep it there count it). */
    private static String withoutAttempts(String raw) {
        return raw.replaceFirst(",\"attempts\":\\d+(?=[,}])", "").replaceFirst("\"attempts\":\\d+,", "");
    }

    @Test
    default void renewingTheLeaseKeepsTheJobFromOtherWorkers() throws InterruptedException {
        push(q(), "long");
        ReservedJob job = backend().reserve(List.of(q()), 1).getFirst();

        Instant until = Instant.now().plus(RETRY_AFTER.multipliedBy(3));
        while (Instant.now().isBefore(until)) {
            assertThat(backend().renew(job)).isTrue();
            assertThat(backend().reserve(List.of(q()), 1)).isEmpty();
            Thread.sleep(RETRY_AFTER.toMillis() / 4);
        }
        assertThat(backend().ack(job)).isTrue();
    }

    /** One call renews every running job's lease, across queues, and says which were lost. */
    @Test
    default void renewAllKeepsEveryHeldLeaseAndReportsTheLostOnes() throws InterruptedException {
        push(q(), "a");
        push(q() + "-high", "b");
        push(q(), "stale");
        ReservedJob a = backend().reserve(List.of(q()), 1).getFirst();
        ReservedJob b = backend().reserve(List.of(q() + "-high"), 1).getFirst();
        ReservedJob stale = backend().reserve(List.of(q()), 1).getFirst();
        assertThat(backend().ack(stale)).isTrue();

        Instant until = Instant.now().plus(RETRY_AFTER.multipliedBy(3));
        while (Instant.now().isBefore(until)) {
            assertThat(backend().renewAll(List.of(a, stale, b))).containsExactly(true, false, true);
            assertThat(backend().reserve(List.of(q(), q() + "-high"), 3)).isEmpty();
            Thread.sleep(RETRY_AFTER.toMillis() / 4);
        }
        assertThat(backend().ackAll(List.of(a, b))).containsExactly(true, true);
    }

    @Test
    default void aStaleReservationCannotAckReleaseRenewOrFailTheJob() {
        push(q(), "fenced");
        ReservedJob stale = backend().reserve(List.of(q()), 1).getFirst();
        ReservedJob current =
                eventually(RETRY_AFTER.multipliedBy(3), () -> backend().reserve(List.of(q()), 1));

        assertThat(backend().renew(stale)).isFalse();
        assertThat(backend().release(stale, stale.rawPayload(), Duration.ZERO)).isFalse();
        assertThat(backend().fail(stale, "late failure")).isFalse();
        assertThat(backend().ack(stale)).isFalse();

        assertThat(backend().sizes(q()).reserved()).isEqualTo(1);
        assertThat(backend().failedJobs().list(q())).isEmpty();
        assertThat(backend().ack(current)).isTrue();
    }
}
