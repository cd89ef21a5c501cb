package dev.qctl.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.api.Job;
import dev.qctl.api.JobData;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JavaJobHandlerTest {
    /** Releases on its first attempt, fails for good on its second, as its data says. */
    public record Moody(String mood) implements Job {
        @Override
        public void handle(dev.qctl.api.JobContext ctx) {
            ctx.log("attempt " + ctx.attempt() + " in batch " + ctx.batchId());
            if (mood.equals("later")) ctx.release(Duration.ofSeconds(7));
            if (mood.equals("never")) ctx.fail("customer closed the account");
        }
    }

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final JobHandler handler =
            new JavaJobHandler(null, getClass().getClassLoader(), new PrintStream(log, true, StandardCharsets.UTF_8));

    private static Attempt context(String job, String data) {
        Payload payload = Payload.create(job, job, Json.parse(data, "data"), JobOptions.NONE)
                .with("batchId", "b-1");
        return new Attempt("9", "default", 2, "sqlite", payload);
    }

    @Test
    void releaseAndFailRequestsBecomeOutcomes() throws Exception {
        String name = JobData.PREFIX + Moody.class.getName();
        handler.handle(context(name, "{\"mood\":\"fine\"}"));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("[job 9] attempt 2 in batch b-1");

        assertThatThrownBy(() -> handler.handle(context(name, "{\"mood\":\"later\"}")))
                .isInstanceOfSatisfying(
                        ReleaseRequestedException.class,
                        e -> assertThat(e.delay()).isEqualTo(Duration.ofSeconds(7)));
        assertThatThrownBy(() -> handler.handle(context(name, "{\"mood\":\"never\"}")))
                .isInstanceOf(UnhandleableJobException.class)
                .hasMessage("failed by the job: customer closed the account");
    }

    @Test
    void aClassThatIsNotAJobIsRefused() {
        assertThatThrownBy(() -> handler.handle(context(JobData.PREFIX + "java.lang.String", "{}")))
                .isInstanceOf(UnhandleableJobException.class)
                .hasMessageStartingWith("NotAJob: java.lang.String");
    }
}
