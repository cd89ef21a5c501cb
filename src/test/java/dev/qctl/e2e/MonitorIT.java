package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `qctl monitor`'s columns beyond artisan's, and artisan's `conn:queue,… --max=N` form. */
class MonitorIT {
    @TempDir
    Path dir;

    @Test
    void monitorShowsFailuresWorkersBusySlotsPausedAndArtisansForm() throws Exception {
        try (Qctl qctl = new Qctl(dir)) {
            String store = "sqlite:" + dir.resolve("q.sqlite");
            assertThat(qctl.run("dispatch", "-c", store, "--queue", "m1", "--", "false")
                            .exit())
                    .isZero();
            Qctl.Result failing = qctl.run("work", store, "--queue", "m1", "--stop-when-empty");
            assertThat(failing.exit()).as(failing.err()).isZero();
            for (int i = 0; i < 2; i++)
                assertThat(qctl.run("dispatch", "-c", store, "--queue", "m1", "--", "sleep", "20")
                                .exit())
                        .isZero();
            Qctl.Running worker = qctl.start("work", store, "--queue", "m1,m2", "--sleep", "0.2", "--name", "mon");
            assertThat(qctl.run("pause", "-c", store, "m2").exit()).isZero();

            await("the worker's heartbeat with its running job")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> row(qctl, store, "m1").path("busy").asInt() == 1);
            JsonNode m1 = row(qctl, store, "m1");
            assertThat(m1.path("failed_total").asInt()).isEqualTo(1);
            assertThat(m1.path("failed_last_hour").asInt()).isEqualTo(1);
            assertThat(m1.path("workers").asInt()).isEqualTo(1);
            assertThat(m1.path("size").asInt()).isEqualTo(2);
            assertThat(m1.path("reserved").asInt()).isPositive();
            assertThat(m1.path("paused").asBoolean()).isFalse();
            assertThat(row(qctl, store, "m2").path("paused").asBoolean()).isTrue();

            // artisan's queue:monitor argument, with --max: ALERT and exit 1 at the threshold
            Qctl.Result artisan = qctl.run("queue:monitor", "-c", store, "sqlite:m1,m2", "--max=2");
            assertThat(artisan.exit()).as(artisan.err()).isEqualTo(1);
            assertThat(artisan.out())
                    .contains("[database] m1")
                    .contains("ALERT")
                    .contains("OK PAUSED");
            Qctl.Result calm = qctl.run("monitor", "-c", store, "m1,m2", "--max=3");
            assertThat(calm.exit()).isZero();
            // --watch on a pipe prints once, as plain monitor does
            Qctl.Result piped = qctl.run("monitor", "--watch", "-c", store, "--queue", "m1", "--max=3");
            assertThat(piped.exit()).isZero();
            assertThat(piped.out()).contains("[database] m1");
            worker.kill();
        }
    }

    private static JsonNode row(Qctl qctl, String store, String queue) throws Exception {
        Qctl.Result r = qctl.run("monitor", "-c", store, "--queue", queue, "--json");
        return Json.parse(r.out(), "monitor").get(0);
    }
}
