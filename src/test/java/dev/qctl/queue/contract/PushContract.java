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
        backend().push(new PushRequest(q(), job("later"), Duration.ofSeconds(2)));

        assertThat(backend().sizes(q()).delayed()).isEqualTo(1);
        assertThat(backend().reserve(List.of(q()), 1)).isEmpty();

        ReservedJob job = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
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
