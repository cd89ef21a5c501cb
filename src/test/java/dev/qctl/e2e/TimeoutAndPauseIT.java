package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A timed-out job's whole process tree is ended; SIGUSR2 pauses a worker and SIGCONT resumes it. */
class TimeoutAndPauseIT {
    @TempDir
    Path dir;

    @Test
    void aTimedOutJobHasItsWholeProcessTreeEndedAndIsFailed() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path pids = dir.resolve("pids.txt");
        // the job starts a grandchild in the background, records its pid, then hangs
        qctl.run("dispatch", "--timeout", "1", "--", "sh", "-c", "sleep 300 & echo $! >> " + pids + "; sleep 300");

        Qctl.Result worker = qctl.run("queue:work", "--stop-when-empty", "--sleep", "0.1");

        assertThat(worker.exit()).isZero();
        assertThat(worker.err()).contains("TimedOut: the job ran longer than its timeout of 1s");
        long grandchild = Long.parseLong(Qctl.lines(pids).getFirst().trim());
        await("the grandchild to be killed")
                .atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(grandchild).map(p -> !p.isAlive()).orElse(true));
        assertThat(qctl.run("queue:failed").out()).contains("TimedOut");
    }

    @Test
    void restPausesTheWorkerBetweenJobs() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path log = dir.resolve("starts.txt");
        for (int i = 0; i < 3; i++) qctl.run("dispatch", "--", "sh", "-c", "date +%s.%N >> " + log);

        assertThat(qctl.run("work", "--stop-when-empty", "--sleep", "0.1", "--rest", "1")
                        .exit())
                .isZero();

        List<Double> starts = Qctl.lines(log).stream().map(Double::parseDouble).toList();
        assertThat(starts).hasSize(3);
        assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(0.95);
        assertThat(starts.get(2) - starts.get(1)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void usr2PausesTheWorkerAndContResumesIt() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path log = dir.resolve("log.txt");
        Qctl.Running worker = qctl.start("work", "--sleep", "0.1");
        await("the worker to start")
                .atMost(Duration.ofSeconds(20))
                .until(() -> worker.stdout().contains("Processing jobs"));

        worker.signal("USR2");
        await("the pause")
                .atMost(Duration.ofSeconds(10))
                .until(() -> worker.stdout().contains("PAUSED"));
        qctl.run("dispatch", "--", "sh", "-c", "echo ran >> " + log);
        Thread.sleep(2500); // let time pass: a paused worker must not take the job however long it is left
        assertThat(Qctl.lines(log)).isEmpty();

        worker.signal("CONT");
        await("the job to run after resuming")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Qctl.lines(log).contains("ran"));
        assertThat(worker.stdout()).contains("RESUMED");
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();
    }
}
