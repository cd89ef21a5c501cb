package dev.qctl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.Payload;
import dev.qctl.queue.RetriedPayload;
import org.junit.jupiter.api.Test;

/**
 * A retried job is not dead on arrival. {@link AttemptRules#mayRun} is Laravel's
 * {@code Worker::markJobAsFailedIfAlreadyExceedsMaxAttempts}: a job with a retryUntil runs while
 * {@code now <= retryUntil}, whatever its attempts; without one, while attempts stay within
 * maxTries (the worker's --tries when the payload has none).
 */
class RetriedLaravelJobTest {
    static final long NOW = 1_800_000_000L;

    private static String laravelJob(String retryUntil, String createdAt) {
        return "{\"uuid\":\"6f1c2b7e-0d4a-4c1b-9a8e-3f2d1c0b9a87\",\"displayName\":\"App\\\\Jobs\\\\SendInvoice\","
                + "\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"maxTries\":null,\"maxExceptions\":null,"
                + "\"failOnTimeout\":false,\"backoff\":null,\"timeout\":null,\"retryUntil\":" + retryUntil + ","
                + "\"data\":{\"commandName\":\"App\\\\Jobs\\\\SendInvoice\",\"command\":\"O:20:\\\"App\\\\Jobs\\\\SendInvoice\\\":0:{}\"},"
                + (createdAt == null ? "" : "\"createdAt\":" + createdAt + ",")
                + "\"id\":\"Xq3vR8kLmN2pT6wYzA1bC4dE7fG0hJ5s\",\"attempts\":5}";
    }

    private static boolean laravelWorkerRuns(String payload, long now) {
        Payload p = Payload.parse(payload);
        return AttemptRules.mayRun(p.options(), p.intOr("attempts", 0) + 1, now);
    }

    @Test
    void aFailedJobWhoseWindowHasPassedRunsAgainAfterRetryForTheSameWindow() {
        long created = NOW - 86_400;
        String failed = laravelJob(Long.toString(created + 600), Long.toString(created));
        assertThat(laravelWorkerRuns(failed, NOW))
                .as("pushed back as it was, it would fail at once")
                .isFalse();

        String retried = RetriedPayload.of(failed, NOW).json();

        assertThat(laravelWorkerRuns(retried, NOW + 1)).isTrue();
        assertThat(laravelWorkerRuns(retried, NOW + 600)).isTrue();
        assertThat(laravelWorkerRuns(retried, NOW + 601))
                .as("the window keeps its length")
                .isFalse();
    }

    @Test
    void withoutCreatedAtTheClearedJobRunsUnderTheWorkersTries() {
        String failed = laravelJob(Long.toString(NOW - 600), null);

        String retried = RetriedPayload.of(failed, NOW).json();

        assertThat(laravelWorkerRuns(retried, NOW + 1))
                .as("first attempt, --tries=1")
                .isTrue();
    }
}
