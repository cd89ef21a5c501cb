package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, done-when 4: kill -9 loses no job; SIGTERM lets the running job finish and ack. */
class CrashAndSignalsIT {
    @TempDir
    Path dir;

    @Test
    void aJobWhoseWorkerIsKilledRunsAgainAfterRetryAfterAndNothingIsLost() throws Exception {
        Qctl qctl = new Qctl(dir);
        String store = "sqlite:" + dir.resolve("q.sqlite") + "?retry_after=3";
        Path log = dir.resolve("log.txt");
        qctl.run(
                "dispatch",
                "-c",
                store,
                "--tries",
                "3",
                "--",
                "sh",
                "-c",
                "echo \"slow start $QCTL_ATTEMPT\" >> " + log + "; sleep 2; echo \"slow end $QCTL_ATTEMPT\" >> " + log);
        for (int i = 0; i < 3; i++)
            qctl.run("dispatch", "-c", store, "--", "sh", "-c", "echo quick" + i + " >> " + log);

        Qctl.Running doomed = qctl.start("work", store, "--sleep", "0.1");
        await("the slow job to start")
                .atMost(Duration.ofSeconds(20))
                .until(() -> Qctl.read(log).contains("slow start 1"));
        doomed.process().destroyForcibly(); // SIGKILL: no chance to release anything
        doomed.waitFor(Duration.ofSeconds(10));

        long killedAt = System.nanoTime();
        Qctl.Result survivor = qctl.run("work", store, "--sleep", "0.1", "--max-time", "12", "--json");
        assertThat(survivor.exit()).isZero();

        assertThat(Qctl.lines(log)).contains("slow start 2", "slow end 2", "quick0", "quick1", "quick2");
        assertThat(Qctl.lines(log).stream().filter(l -> l.startsWith("quick"))).hasSize(3);
        assertThat(survivor.out()).contains("\"attempts\":2");
        assertThat(qctl.run("monitor", "-c", store, "--json").out()).contains("\"size\":0");
        assertThat(qctl.run("failed", "-c", store, "--json").out().trim()).isEqualTo("[]");
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isGreaterThan(Duration.ofSeconds(3));
    }

    /**
     * Issue 19: a job's process tree ends with its worker, even a kill -9'd one, instead of running
     * on beside the retry that another worker starts once the lease runs out.
     */
    @Test
    void anExecJobAndItsChildrenDieWithTheirKilledWorker() throws Exception {
        Qctl qctl = new Qctl(dir);
        String store = "sqlite:" + dir.resolve("q.sqlite");
        Path pid = dir.resolve("job.pid");
        Path child = dir.resolve("child.pid");
        Qctl.Result dispatched = qctl.run(
                "dispatch",
                "-c",
                store,
                "--timeout",
                "8",
                "--",
                "sh",
                "-c",
                "sleep 300 & echo $! > " + child + "; echo $$ > " + pid + "; wait");
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();
        Qctl.Running doomed = qctl.start("work", store, "--sleep", "0.1");
        await("the job and its child to start")
                .atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(pid)
                        && Files.exists(child)
                        && !Qctl.read(pid).isBlank());
        long jobPid = Long.parseLong(Qctl.read(pid).trim());
        long childPid = Long.parseLong(Qctl.read(child).trim());
        assertThat(running(jobPid)).isTrue();

        doomed.process().destroyForcibly();
        doomed.waitFor(Duration.ofSeconds(10));
        await("the job's tree to end with its worker")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !running(jobPid) && !running(childPid));
    }

    /** Running, that is: present and not a zombie waiting for a parent that may never reap it. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    @Test
    void sigtermLetsTheRunningJobFinishAndAckThenExitsZero() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path log = dir.resolve("log.txt");
        qctl.run("dispatch", "--", "sh", "-c", "echo started >> " + log + "; sleep 2; echo finished >> " + log);
        qctl.run("dispatch", "--", "sh", "-c", "echo second >> " + log);

        Qctl.Running worker = qctl.start("work", "--sleep", "0.1");
        await("the job to start")
                .atMost(Duration.ofSeconds(20))
                .until(() -> Qctl.read(log).contains("started"));
        worker.signal("TERM");

        assertThat(worker.waitFor(Duration.ofSeconds(20))).as(worker.stderr()).isZero();
        assertThat(Qctl.lines(log)).containsExactly("started", "finished");
        assertThat(worker.stdout()).contains("DONE");
        // the finished job was acked; the second one was never taken
        assertThat(qctl.run("monitor", "--json").out()).contains("\"size\":1").contains("\"pending\":1");
        assertThat(qctl.run("failed", "--json").out().trim()).isEqualTo("[]");
    }
}
