package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.queue.QueueBackend;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import dev.qctl.testing.TmuxSession;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `dispatch --from` streams its file: bounded memory however long the file, all or nothing even
 * when the dispatcher is killed midway (Redis too), and on a terminal a progress bar from the
 * first moment and a one-line summary instead of a flood of ids.
 */
class DispatchFromIT {
    @TempDir
    Path dir;

    private final TmuxSession terminal = new TmuxSession();

    @AfterEach
    void closeTerminal() throws Exception {
        terminal.close();
    }

    private String url(String store) {
        return switch (store) {
            case "sqlite" -> "sqlite:" + dir.resolve("q.db");
            case "postgres" -> TestStores.postgresUrl();
            case "redis" -> TestStores.redisUrl();
            default -> throw new IllegalArgumentException(store);
        };
    }

    private Path jobsFile(int lines) throws IOException {
        Path file = dir.resolve("jobs-" + lines + ".jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) w.write("[\"echo\",\"mailbox-" + i + "\"]\n");
        }
        return file;
    }

    private static long waiting(String url, String queue) {
        try (QueueBackend backend = TestStores.openMigrated(url, Duration.ofSeconds(90))) {
            return backend.sizes(queue).total();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres", "redis"})
    void aLongFileIsDispatchedInBoundedMemory(String store) throws Exception {
        String url = url(store);
        String queue = "stream-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = jobsFile(100_000);
        // before streaming, 200k lines took 680 MB of heap; 100k now fit in 64 MB
        Qctl qctl = new Qctl(dir, Map.of("QCTL_JAVA_OPTS", "-Xmx64m"));
        assertThat(qctl.run("migrate", "-c", url).exit()).isZero();

        Qctl.Result result = qctl.run("dispatch", "-c", url, "--queue", queue, "--from", file.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).hasSize(100_000).doesNotHaveDuplicates();
        assertThat(waiting(url, queue)).isEqualTo(100_000);
        new Qctl(dir).run("clear", url, "--queue", queue, "--force");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "redis"})
    void aDispatcherKilledMidwayLeavesNothing(String store) throws Exception {
        String url = url(store);
        String queue = "killed-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = jobsFile(300_000);
        Qctl qctl = new Qctl(dir);
        assertThat(qctl.run("migrate", "-c", url).exit()).isZero();

        Qctl.Running dispatch = qctl.start("dispatch", "-c", url, "--queue", queue, "--from", file.toString());
        Thread.sleep(4_000); // well into the file, far from its end
        assertThat(dispatch.process().isAlive())
                .as("the dispatch must still be running when killed")
                .isTrue();
        dispatch.kill();

        assertThat(waiting(url, queue)).isZero();
    }

    @Test
    void aBadLineOrUnreadableFileDispatchesNothingInOneLine() throws Exception {
        String url = url("redis");
        String queue = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = dir.resolve("bad.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_500; i++) text.append("[\"echo\",\"").append(i).append("\"]\n");
        text.append("not json\n");
        Files.writeString(file, text);
        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "[\"echo\",\"caf\u00e9\"]\n".getBytes(StandardCharsets.ISO_8859_1));
        Qctl qctl = new Qctl(dir);

        for (List<String> args : List.of(
                List.of("--from", file.toString()), List.of("--from", latin1.toString()), List.of("--from", "/tmp"))) {
            List<String> command = new java.util.ArrayList<>(List.of("dispatch", "-c", url, "--queue", queue));
            command.addAll(args);
            Qctl.Result result = qctl.run(command.toArray(String[]::new));
            assertThat(result.exit()).as(result.err()).isEqualTo(2);
            assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
        }
        assertThat(qctl.run("dispatch", "-c", url, "--queue", queue, "--from", file.toString())
                        .err())
                .contains("bad.jsonl:2501:", "nothing was dispatched");
        assertThat(qctl.run("dispatch", "-c", url, "--from", "/tmp").err()).contains("it is a directory");
        assertThat(waiting(url, queue)).isZero();
    }

    @Test
    void onATerminalItShowsProgressThenOneSummaryLine() throws Exception {
        String url = url("sqlite");
        Path file = jobsFile(300_000);
        String bin = Path.of(System.getProperty("qctl.home"), "bin", "qctl").toString();
        Path exit = dir.resolve("exit.txt");
        String env = "XDG_DATA_HOME=" + dir.resolve("data") + " ";
        String command = env + bin + " dispatch -c " + url + " --queue big --from " + file + "; echo exit=$? > " + exit
                + "; " + env + bin + " dispatch -c " + url + " --queue small --ids --from " + jobsFile(3)
                + "; sleep 60";
        assertThat(terminal.start(150, 40, command)).isZero();

        await("a progress bar part of the way")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> terminal.capture().matches("(?s).*Dispatching \\[[= ]+\\] \\d+/300000.*")
                        && !terminal.capture().contains("Dispatched 300000"));
        await("the summary")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Qctl.read(exit).contains("exit="));
        assertThat(Qctl.read(exit).trim()).isEqualTo("exit=0");
        await("the --ids run")
                .atMost(Duration.ofSeconds(30))
                .until(() -> terminal.capture().contains("300002"));
        String screen = terminal.capture();
        assertThat(screen).contains("Dispatched 300000 jobs onto [big] (ids 1 … 300000; --ids lists them all)");
        assertThat(screen).contains("300001").contains("300003").doesNotContain("\n299999\n");
    }
}
