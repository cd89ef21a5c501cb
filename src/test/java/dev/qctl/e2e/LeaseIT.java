package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, done-when 5: lease renewal, and fencing of a worker that froze past retry_after. */
class LeaseIT {
    @TempDir
    Path dir;

    @Test
    void aJobLongerThanRetryAfterRunsOnceEvenWithASpareSlot() throws Exception {
        Qctl qctl = new Qctl(dir);
        String store = "sqlite:" + dir.resolve("q.sqlite") + "?retry_after=2";
        Path log = dir.resolve("log.txt");
        qctl.run(
                "dispatch",
                "-c",
                store,
                "--tries",
                "5",
                "--",
                "sh",
                "-c",
                "echo \"run $QCTL_ATTEMPT\" >> " + log + "; sleep 7");

        Qctl.Result worker =
                qctl.run("work", store, "--concurrency=2", "--stop-when-empty", "--sleep", "0.1", "--timeout", "30");

        assertThat(worker.exit()).isZero();
        assertThat(Qctl.lines(log)).containsExactly("run 1");
        assertThat(worker.out()).contains("DONE");
        assertThat(qctl.run("monitor", "-c", store, "--json").out()).contains("\"size\":0");
    }

    @Test
    void aFrozenWorkersLateAckIsRejectedAndLogged() throws Exception {
        Qctl qctl = new Qctl(dir);
        String store = "sqlite:" + dir.resolve("q.sqlite") + "?retry_after=2";
        Path log = dir.resolve("log.txt");
        qctl.run(
                "dispatch",
                "-c",
                store,
                "--tries",
                "5",
                "--",
                "sh",
                "-c",
                "echo \"start $QCTL_ATTEMPT\" >> " + log + "; sleep 3; echo \"end $QCTL_ATTEMPT\" >> " + log);

        Qctl.Running frozen = qctl.start("work", store, "--sleep", "0.1", "--timeout", "30");
        await("attempt 1 to start")
                .atMost(Duration.ofSeconds(20))
                .until(() -> Qctl.read(log).contains("start 1"));
        frozen.signal("STOP");
        try {
            // with the first worker frozen, its lease lapses and a second worker runs the job
            Qctl.Result other =
                    qctl.run("work", store, "--sleep", "0.1", "--max-time", "15", "--max-jobs", "1", "--timeout", "30");
            assertThat(other.exit()).isZero();
            assertThat(Qctl.lines(log)).contains("start 2", "end 2");
        } finally {
            frozen.signal("CONT");
        }
        await("the frozen worker's late ack to be rejected")
                .atMost(Duration.ofSeconds(20))
                .until(() -> frozen.stderr().contains("rejected"));
        frozen.signal("TERM");
        assertThat(frozen.waitFor(Duration.ofSeconds(20))).isZero();

        assertThat(frozen.stderr()).contains("ack of job 1 (attempt 1) rejected");
        assertThat(frozen.stdout()).doesNotContain("DONE");
        assertThat(qctl.run("monitor", "-c", store, "--json").out()).contains("\"size\":0");
        assertThat(qctl.run("failed", "-c", store, "--json").out().trim()).isEqualTo("[]");
    }
}
