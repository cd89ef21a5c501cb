package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.Qctl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Done when 4: `qctl monitor --watch` in a real terminal (a tmux pane): it shows the queue and
 * a running worker, follows a resize, and `q` ends it with exit 0.
 */
class MonitorWatchIT {
    @TempDir
    Path dir;

    private final String session = "qctl-watch-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void killSession() throws Exception {
        tmux("kill-session", "-t", session);
    }

    @Test
    void theWatchViewShowsQueuesAndWorkersInATerminalAndQuitsOnQ() throws Exception {
        try (Qctl qctl = new Qctl(dir)) {
            watch(qctl);
        }
    }

    private void watch(Qctl qctl) throws Exception {
        String store = "sqlite:" + dir.resolve("q.sqlite");
        String q = "watched";
        assertThat(qctl.run("dispatch", "-c", store, "--queue", q, "--", "sleep", "20")
                        .exit())
                .isZero();
        assertThat(qctl.run("dispatch", "-c", store, "--queue", q, "--", "true").exit())
                .isZero();
        Qctl.Running worker = qctl.start("work", store, "--queue", q, "--sleep", "0.2", "--name", "watched-worker");

        Path exit = dir.resolve("exit.txt");
        String bin = Path.of(System.getProperty("qctl.home"), "bin", "qctl").toString();
        String command = "XDG_DATA_HOME=" + dir.resolve("data") + " " + bin + " monitor --watch -c " + store
                + " --queue " + q + "; echo exit=$? > " + exit + "; sleep 30";
        assertThat(tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "40", command))
                .isZero();

        await("the view to show the queue and the worker")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    String screen = capture();
                    return screen.contains("[sqlite] " + q)
                            && screen.contains("watched-worker")
                            && screen.contains("sleep 20");
                });
        String screen = capture();
        assertThat(screen).contains("qctl monitor", "Workers (1)", "Throughput", "Latest failures");

        assertThat(tmux("resize-window", "-t", session, "-x", "60", "-y", "20")).isZero();
        await("the view to be redrawn for the smaller terminal")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> capture().contains("watched-worker") && capture().contains("qctl monitor"));

        assertThat(tmux("send-keys", "-t", session, "q")).isZero();
        await("monitor to exit")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Qctl.read(exit).contains("exit="));
        assertThat(Qctl.read(exit).trim()).isEqualTo("exit=0");
        worker.kill();
    }

    private String capture() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session)
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }

    private static int tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
