package dev.qctl.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.Payload;
import org.junit.jupiter.api.Test;

class JobNamePatternTest {
    private static Payload laravel(String displayName) {
        return Payload.parse("{\"uuid\":\"u\",\"displayName\":\"" + displayName.replace("\\", "\\\\")
                + "\",\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"data\":{}}");
    }

    @Test
    void aGlobMatchesDisplayNameOrJobLiterallyButForStarAndQuestionMark() {
        JobNamePattern jobs = new JobNamePattern("App\\Jobs\\*", "app");
        assertThat(jobs.matches(laravel("App\\Jobs\\SyncMailbox"))).isTrue();
        assertThat(jobs.matches(laravel("App\\Mail\\Invoice"))).isFalse();
        assertThat(jobs.matches(laravel("AppXJobsXSync")))
                .as("a backslash is literal")
                .isFalse();
        assertThat(new JobNamePattern("Illuminate\\Queue\\CallQueuedHandler@call", "all").matches(laravel("Anything")))
                .isTrue();
        assertThat(new JobNamePattern("App.Jobs.?ync", "x").matches(laravel("App.Jobs.Sync")))
                .isTrue();
        assertThat(new JobNamePattern("App.Jobs.?ync", "x").matches(laravel("AppXJobs.Sync")))
                .isFalse();
    }

    @Test
    void aJobsOwnHandlerNameWinsOverABinding() {
        HandlerRegistry registry =
                new HandlerRegistry().register("noop", new NoopHandler()).bind(new JobNamePattern("*", "catch-all"));
        assertThat(registry.nameFor(Payload.parse("{\"job\":\"noop\",\"data\":{}}")))
                .isEqualTo("noop");
        assertThat(registry.nameFor(laravel("App\\Jobs\\X"))).isEqualTo("catch-all");
        assertThat(new HandlerRegistry().nameFor(laravel("App\\Jobs\\X")))
                .isEqualTo("Illuminate\\Queue\\CallQueuedHandler@call");
    }
}
