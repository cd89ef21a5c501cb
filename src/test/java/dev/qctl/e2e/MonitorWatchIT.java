package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.Qctl;
import dev.qctl.testing.TmuxSession;
import java.nio.file.Path;
import java.time.Duration;
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

    private final TmuxSession terminal = new TmuxSession();

    @AfterEach
    void closeTerminal() throws Exception {
        terminal.close();
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
        assertThat(terminal.start(150, 40, command)).isZero();

        await("the view to show the queue and the worker")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    String screen = terminal.capture();
                    return screen.contains("[database] " + q)
                            && screen.contains("watched-worker")
                            && screen.contains("sleep 20");
                });
        String screen = terminal.capture();
        assertThat(screen).contains("qctl monitor", "Workers (1)", "Throughput", "Latest failures");

        assertThat(terminal.run("resize-window", "-x", "60", "-y", "20")).isZero();
        await("the view to be redrawn for the smaller terminal")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> terminal.capture().contains("watched-worker")
                        && terminal.capture().contains("qctl monitor"));

        assertThat(terminal.run("send-keys", "q")).isZero();
        await("monitor to exit")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Qctl.read(exit).contains("exit="));
        assertThat(Qctl.read(exit).trim()).isEqualTo("exit=0");
        worker.kill();
    }
}
