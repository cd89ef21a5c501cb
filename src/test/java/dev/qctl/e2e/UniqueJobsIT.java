package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.testing.Qctl;
import java.nio.file.Files;
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

/**
 * Issue 12's unique jobs with real processes on every store: concurrent `dispatch --unique-for`
 * add one job; a job unique until processing frees its key as it starts (the job itself
 * dispatches again, and is not a duplicate); `--from` lines carry ids and unique keys, their
 * duplicates counted; once the unique job has run its key is free again.
 */
class UniqueJobsIT {
    private static final int DISPATCHERS = 10;

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
    void uniqueDispatchesUntilProcessingAndFromLines(String which) throws Exception {
        qctl = new Qctl(dir);
        String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("q.sqlite") : which;
        String queue = "unique-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "report-" + UUID.randomUUID();
        Path done = dir.resolve("done.txt");
        Path inner = dir.resolve("inner.err");

        // run first, alone: it creates the store's tables and the local signing key before the race
        String qctlBin = Path.of(System.getProperty("qctl.home"), "bin", "qctl").toString();
        String redispatch = qctlBin + " dispatch -c " + store + " --queue " + queue + " --unique-for 1m --unique-key "
                + key + "-p -- true 2> " + inner;
        Qctl.Result processing = qctl.run(
                "dispatch",
                "-c",
                store,
                "--queue",
                queue,
                "--unique-for",
                "1m",
                "--unique-key",
                key + "-p",
                "--unique-until-processing",
                "--",
                "sh",
                "-c",
                redispatch);
        assertThat(processing.exit()).as(processing.err()).isZero();

        List<Qctl.Running> dispatchers = new ArrayList<>();
        for (int i = 0; i < DISPATCHERS; i++) {
            dispatchers.add(qctl.start(
                    "dispatch",
                    "-c",
                    store,
                    "--queue",
                    queue,
                    "--unique-for",
                    "1m",
                    "--unique-key",
                    key,
                    "--",
                    "sh",
                    "-c",
                    "echo ran >> " + done));
        }
        Set<String> printed = new HashSet<>();
        int duplicates = 0;
        for (Qctl.Running d : dispatchers) {
            assertThat(d.waitFor(Duration.ofMinutes(2))).as(d.stderr()).isZero();
            String id = d.stdoutLines().getFirst().trim();
            printed.add(id);
            if (d.stderr().contains("duplicate of " + id + " (job " + id + " holds the unique key '" + key + "'"))
                duplicates++;
        }
        assertThat(printed).as("every dispatcher printed the one job's id").hasSize(1);
        assertThat(duplicates).isEqualTo(DISPATCHERS - 1);

        // ids within the file and a unique key held in the store are duplicates; the rest go in
        Path file = dir.resolve("jobs.jsonl");
        Files.writeString(
                file,
                "{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"id\":\"" + key + "-a\"}\n"
                        + "[\"true\"]\n"
                        + "{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"id\":\"" + key + "-a\"}\n"
                        + "{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"unique_for\":\"1m\",\"unique_key\":\""
                        + key + "\"}\n");
        Qctl.Result from = qctl.run("dispatch", "-c", store, "--queue", queue, "--from", file.toString());
        assertThat(from.exit()).as(from.err()).isZero();
        assertThat(from.out().lines()).as("the plain line and the first id").hasSize(2);
        assertThat(from.err()).contains("qctl: 2 of 3 lines with an id or unique key were duplicates");

        Qctl.Result work = qctl.run("work", "-c", store, "--queue", queue, "--stop-when-empty", "--sleep", "0.2");
        assertThat(work.exit()).as(work.err()).isZero();
        assertThat(Qctl.lines(done)).as("one unique job ran").containsExactly("ran");
        assertThat(Qctl.read(inner))
                .as("the job unique until processing freed its key as it started")
                .doesNotContain("duplicate");
        assertThat((work.out() + work.err()).split(" DONE", -1).length - 1)
                .as("the two unique jobs, the id and plain lines, and the job the first one dispatched")
                .isEqualTo(5);

        Qctl.Result again = qctl.run(
                "dispatch", "-c", store, "--queue", queue, "--unique-for", "1m", "--unique-key", key, "--", "true");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).as("the unique job is done, so its key is free").doesNotContain("duplicate");
        assertThat(again.out().trim()).isNotIn(printed);
        qctl.run("clear", "-c", store, "--queue", queue, "--force");
    }
}
