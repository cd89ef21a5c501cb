package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 12, done-when 4: concurrent `dispatch --id` processes on every store add one job and all print its id. */
class DispatchIdsIT {
    private static final int DISPATCHERS = 50;

    @TempDir
    Path dir;

    private Qctl qctl;

    @AfterEach
    void close() throws InterruptedException {
        if (qctl != null) qctl.close();
    }

    static Stream<String> stores() {
        return BatchesIT.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void fiftyDispatchersOfOneKeyAddOneJobAndTheOthersPrintItsId(String which) throws Exception {
        qctl = new Qctl(dir);
        String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("q.sqlite") : which;
        if (!which.equals("sqlite"))
            assertThat(qctl.run("migrate", "-c", store).exit()).isZero();
        String queue = "ids-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "invoice-" + UUID.randomUUID();
        Path done = dir.resolve("done.txt");
        // the first raw dispatch creates the local signing key: done once, before the race
        Qctl.Result warm =
                qctl.run("dispatch", "-c", store, "--queue", queue + "-warm", "--id", key + "-warm", "--", "true");
        assertThat(warm.exit()).as(warm.err()).isZero();

        List<Qctl.Running> dispatchers = new ArrayList<>();
        for (int i = 0; i < DISPATCHERS; i++) {
            dispatchers.add(qctl.start(
                    "dispatch", "-c", store, "--queue", queue, "--id", key, "--", "sh", "-c", "echo ran >> " + done));
        }
        Set<String> printed = new HashSet<>();
        int duplicates = 0;
        for (Qctl.Running d : dispatchers) {
            assertThat(d.waitFor(Duration.ofMinutes(3))).as(d.stderr()).isZero();
            assertThat(d.stdoutLines()).hasSize(1);
            printed.add(d.stdoutLines().getFirst().trim());
            if (d.stderr().contains("duplicate of " + d.stdoutLines().getFirst().trim())) duplicates++;
        }
        assertThat(printed).as("every dispatcher printed the one job's id").hasSize(1);
        assertThat(duplicates).isEqualTo(DISPATCHERS - 1);
        String id = printed.iterator().next();

        Qctl.Result work = qctl.run("work", "-c", store, "--queue", queue, "--stop-when-empty", "--sleep", "0.2");
        assertThat(work.exit()).as(work.err()).isZero();
        assertThat(Qctl.lines(done)).as("one job ran").containsExactly("ran");

        // done: the key is free again, so the next dispatch adds a new job
        Qctl.Result again = qctl.run("dispatch", "-c", store, "--queue", queue, "--id", key, "--", "true");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out().trim()).isNotEqualTo(id);
        assertThat(again.err()).doesNotContain("duplicate");
        qctl.run("clear", "-c", store, "--queue", queue, "--force");
        qctl.run("clear", "-c", store, "--queue", queue + "-warm", "--force");
    }
}
