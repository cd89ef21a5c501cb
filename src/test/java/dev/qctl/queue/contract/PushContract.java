package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pushing one job: what goes in comes out, now or after its delay. */
public interface PushContract extends StoreUnderTest {

    @Test
    default void pushedJobIsReservedWithItsPayloadAndFirstAttempt() {
        Payload payload = job("one");
        String id = backend().push(PushRequest.now(q(), payload));

        List<ReservedJob> jobs = backend().reserve(List.of(q()), 1);

        assertThat(jobs).hasSize(1);
        ReservedJob job = jobs.getFirst();
        assertThat(job.id()).isEqualTo(id);
        assertThat(job.queue()).isEqualTo(q());
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(Payload.parse(job.rawPayload()).uuid()).isEqualTo(payload.uuid());
        assertThat(Payload.parse(job.rawPayload()).data().get("argv").get(1).asText())
                .isEqualTo("one");
    }

    @Test
    default void delayedJobBecomesAvailableOnlyAfterItsDelay() {
        Duration delay = Duration.ofSeconds(2);
        long pushed = System.nanoTime();
        backend().push(new PushRequest(q(), job("later"), delay));

        long delayed = backend().sizes(q()).delayed();
        List<ReservedJob> early = backend().reserve(List.of(q()), 1);
        // what was seen within the delay must show the job held back; a machine too loaded to look
        // again within two seconds proves nothing either way, and must not fail the store
        if (System.nanoTime() - pushed < delay.toNanos()) {
            assertThat(delayed).isEqualTo(1);
            assertThat(early).isEmpty();
        }

        ReservedJob job = early.isEmpty()
                ? eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1))
                : early.getFirst();
        assertThat(nameOf(job)).isEqualTo("echo later");
    }

    @Test
    default void unicodeAndLargePayloadsSurviveTheRoundTrip() {
        String big = "ü€😀".repeat(20_000);
        Payload payload = Payload.create("custom", "big", new TextNode(big), JobOptions.NONE);
        backend().push(PushRequest.now(q(), payload));

        ReservedJob job = backend().reserve(List.of(q()), 1).getFirst();

        assertThat(Payload.parse(job.rawPayload()).data().asText()).isEqualTo(big);
    }
}
