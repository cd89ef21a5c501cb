package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, done-when 2: four worker processes on one SQLite file run each of 1,000 jobs exactly once. */
class WorkersShareOneSqliteFileIT {
    @TempDir
    Path dir;

    @Test
    void thousandJobsOnFourWorkersRunExactlyOnceEach() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path ledger = dir.resolve("ledger.txt");
        // each line of the file is one exec job: append the job's id to the ledger
        String line = "[\"sh\",\"-c\",\"echo \\\"$QCTL_JOB_ID\\\" >> " + ledger + "\"]";
        Files.writeString(dir.resolve("jobs.jsonl"), (line + "\n").repeat(1000));

        Qctl.Result dispatched = qctl.run(
                "dispatch",
                "--queue",
                "bulk",
                "--from",
                dir.resolve("jobs.jsonl").toString());
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();
        List<String> ids = dispatched.out().lines().toList();
        assertThat(ids).hasSize(1000).doesNotHaveDuplicates();

        List<Qctl.Running> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(
                    qctl.start("work", "--queue", "bulk", "--stop-when-empty", "--sleep", "0.1", "--name", "w" + i));
        }
        for (Qctl.Running w : workers)
            assertThat(w.waitFor(Duration.ofMinutes(4))).as(w.stderr()).isZero();

        List<String> ran = Qctl.lines(ledger);
        Map<String, Long> counts =
                ran.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.keySet()).isEqualTo(Set.copyOf(ids));
        assertThat(counts.values()).allMatch(n -> n == 1);
        // the work really was shared: more than one worker ran jobs
        Set<Integer> busyWorkers = new HashSet<>();
        for (int i = 0; i < workers.size(); i++) if (workers.get(i).stdout().contains("DONE")) busyWorkers.add(i);
        assertThat(busyWorkers.size()).isGreaterThan(1);

        assertThat(qctl.run("failed", "--json").out().trim()).isEqualTo("[]");
        assertThat(qctl.run("monitor", "--queue", "bulk", "--json").out()).contains("\"size\":0");
    }
}
