package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * USR2 pauses a worker, and HotSpot also suspends threads with USR2 when JFR samples them: a
 * worker profiled with JFR paused itself at start and ran nothing. The launcher moves the JVM's
 * own signal, so profiling a worker (as the speed work does) leaves it working, and USR2 from a
 * user still pauses it.
 */
class ProfilerSignalIT {
    @TempDir
    Path dir;

    @Test
    void aWorkerProfiledWithJfrKeepsWorkingAndStillPausesOnUsr2() throws Exception {
        String url = "sqlite:" + dir.resolve("q.db");
        Path recording = dir.resolve("worker.jfr");
        Qctl qctl = new Qctl(
                dir, Map.of("QCTL_JAVA_OPTS", "-XX:StartFlightRecording:filename=" + recording + ",settings=profile"));
        for (int i = 0; i < 20; i++) {
            assertThat(qctl.run("dispatch", "-c", url, "--", "true").exit()).isZero();
        }

        Qctl.Running worker = qctl.start("work", url, "--json", "--sleep", "0.1");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> worker.stdout().split("\"status\":\"success\"", -1).length - 1 >= 20);
        assertThat(worker.stdout() + worker.stderr()).doesNotContain("\"paused\"");

        worker.signal("USR2");
        await().atMost(Duration.ofSeconds(20)).until(() -> worker.stdout().contains("\"status\":\"paused\""));
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(30))).isZero();
    }
}
