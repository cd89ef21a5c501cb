package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.Qctl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the shipped supervisor program under a real supervisord (Debian's package),
 * run in the foreground as a child of the test with a private config, socket and logs. The
 * program section is the packaged supervisor/qctl-worker.conf with only what must differ
 * on a test machine changed (paths, user, numprocs, connection); stopasgroup and the stop
 * settings are the shipped ones, and its qctl-schedule program runs beside the workers.
 */
class SupervisorIT {
    @TempDir
    Path dir;

    private Process supervisord;

    @AfterEach
    void stopSupervisord() throws Exception {
        if (supervisord != null && supervisord.isAlive()) {
            supervisorctl("shutdown");
            if (!supervisord.waitFor(30, TimeUnit.SECONDS))
                supervisord.destroyForcibly().waitFor();
        }
    }

    @Test
    void twoWorkersEachFinishTheirJobOnStopAndExitZero() throws Exception {
        Qctl qctl = new Qctl(dir);
        String store = "sqlite:" + dir.resolve("q.sqlite");
        // two 5 s jobs whose shells die of any SIGTERM they get (exit 143), as php artisan would
        for (String job : List.of("a", "b")) {
            Path started = dir.resolve("started-" + job);
            Path finished = dir.resolve("finished-" + job);
            assertThat(qctl.run(
                                    "dispatch",
                                    "-c",
                                    store,
                                    "--",
                                    "sh",
                                    "-c",
                                    "touch " + started + "; sleep 5; touch " + finished)
                            .exit())
                    .isZero();
        }

        startSupervisord(store);
        await("both jobs to start, one per worker")
                .atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(dir.resolve("started-a")) && Files.exists(dir.resolve("started-b")));

        Process stop = supervisorctl("stop", "qctl-worker:*");
        assertThat(stop.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stopOut = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stopOut)
                .contains("qctl-worker:qctl-worker_00: stopped")
                .contains("qctl-worker:qctl-worker_01: stopped");

        assertThat(dir.resolve("finished-a")).as("job a ran to its end").exists();
        assertThat(dir.resolve("finished-b")).as("job b ran to its end").exists();
        String log = Files.readString(dir.resolve("worker.log"));
        assertThat(log).doesNotContain("FAIL");
        String supervisorLog = Files.readString(dir.resolve("supervisord.log"));
        assertThat(supervisorLog)
                .contains("stopped: qctl-worker_00 (exit status 0)")
                .contains("stopped: qctl-worker_01 (exit status 0)");
        assertThat(qctl.run("failed", "-c", store, "--json").out().trim()).isEqualTo("[]");
        assertThat(qctl.run("monitor", "-c", store, "--json").out()).contains("\"size\":0");
        await("the shipped scheduler program to run beside the workers")
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    Process status = supervisorctl("status", "qctl-schedule");
                    status.waitFor(30, TimeUnit.SECONDS);
                    return new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .contains("RUNNING");
                });
    }

    /** The packaged template, made to run here: supervisord settings of its own, two workers, no user switch. */
    private void startSupervisord(String store) throws IOException {
        Path template = Path.of(System.getProperty("qctl.home"), "supervisor", "qctl-worker.conf");
        Path bin = Path.of(System.getProperty("qctl.home"), "bin", "qctl");
        // schedule:work needs a schedule (without a qctl.yml it exits 2): the scheduler program gets one
        Path scheduleConfig = dir.resolve("schedule.yml");
        Files.writeString(scheduleConfig, """
                default: main
                connections:
                  main: "%s"
                schedule:
                  tick:
                    frequency: every_minute
                    command: ["true"]
                """.formatted(store));
        String program = Files.readString(template)
                .replace("qctl schedule:work", "qctl schedule:work --config " + scheduleConfig)
                .replace("/opt/qctl/bin/qctl", bin.toString())
                .replace("--tries=3", "--tries=1") // one attempt: a job killed by the stop would be failed
                .replaceAll("(?m)^user=.*\\n", "")
                .replaceAll("(?m)^numprocs=.*$", "numprocs=2")
                .replace("/var/log/qctl/", dir + "/")
                .replaceAll(
                        "(?m)^environment=.*$",
                        java.util.regex.Matcher.quoteReplacement("environment=QCTL_CONNECTION=\"" + store
                                + "\",XDG_DATA_HOME=\"" + dir.resolve("data") + "\",XDG_CACHE_HOME=\""
                                + dir.resolve("cache") + "\",XDG_CONFIG_HOME=\"" + dir.resolve("config")
                                + "\",JAVA_HOME=\"" + System.getProperty("java.home") + "\""));
        assertThat(program).contains("stopasgroup=true").contains("command=" + bin);
        String conf = "[supervisord]\nnodaemon=true\nlogfile=" + dir.resolve("supervisord.log")
                + "\npidfile=" + dir.resolve("supervisord.pid")
                + "\nchildlogdir=" + dir
                + "\n\n[unix_http_server]\nfile=" + socket()
                + "\n\n[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
                + "\n[supervisorctl]\nserverurl=unix://" + socket() + "\n\n" + program;
        Files.writeString(dir.resolve("supervisord.conf"), conf);
        supervisord = new ProcessBuilder(
                        "supervisord",
                        "-n",
                        "-c",
                        dir.resolve("supervisord.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("supervisord.out").toFile())
                .start();
    }

    /** A short path: a unix socket's path is limited to about 100 bytes. */
    private Path socket() {
        return dir.resolve("s.sock");
    }

    private Process supervisorctl(String... args) throws IOException {
        List<String> command = new ArrayList<>(
                List.of("supervisorctl", "-c", dir.resolve("supervisord.conf").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
