package dev.qctl.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The exit-status protocol of an exec job, with real processes: 0 done, 75 release, 76 fail now, else a failed attempt. */
class ExecHandlerTest {
    private final ExecHandler exec = new ExecHandler();

    private static Attempt attempt(String script) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.putArray("argv").add("sh").add("-c").add(script);
        return new Attempt("1", "default", 1, "test", Payload.create(Payload.EXEC, "exec", data, JobOptions.NONE));
    }

    @Test
    void exit75ReleasesAfterTheDelayOnTheLastStderrLine() {
        assertThatThrownBy(() -> exec.handle(attempt("echo waiting >&2; echo 'qctl-release-after: 42' >&2; exit 75")))
                .isInstanceOfSatisfying(
                        ReleaseRequestedException.class,
                        e -> assertThat(e.delay()).isEqualTo(Duration.ofSeconds(42)));
        assertThatThrownBy(() -> exec.handle(attempt("exit 75")))
                .isInstanceOfSatisfying(
                        ReleaseRequestedException.class,
                        e -> assertThat(e.delay()).isZero());
    }

    @Test
    void exit76FailsNowWithTheLastStderrLine() {
        assertThatThrownBy(() -> exec.handle(attempt("echo 'RuntimeException: gave up' >&2; exit 76")))
                .isInstanceOf(FailRequestedException.class)
                .hasMessageStartingWith("exit status 76: RuntimeException: gave up");
    }

    @Test
    void anyOtherStatusIsAFailedAttempt() {
        assertThatThrownBy(() -> exec.handle(attempt("echo 'qctl-release-after: 5' >&2; exit 1")))
                .isExactlyInstanceOf(AttemptFailedException.class)
                .hasMessageStartingWith("exit status 1: qctl-release-after: 5");
    }
}
