package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 with real processes on every store (a SQLite file, PostgreSQL, MariaDB, Redis):
 * heartbeats and `qctl workers`, `health`, `restart`, `pause`/`resume` and `--stop-timeout`.
 * Each test works on queues of its own, since the servers are shared. What happens in the worker
 * alone (restart, pause, stop-timeout) runs once per way an idle worker waits, not on MariaDB too:
 * it waits as SQLite does; FleetContract checks every store's side of those commands.
 */
class FleetIT {
    @TempDir
    Path dir;

    private final List<Qctl> harnesses = new ArrayList<>();

    /** No worker of a test outlives it. */
    @org.junit.jupiter.api.AfterEach
    void stopWhatWasStarted() throws InterruptedException {
        for (Qctl h : harnesses) h.close();
    }

    private Qctl qctl() {
        Qctl qctl = new Qctl(dir);
        harnesses.add(qctl);
        return qctl;
    }

    static Stream<String> stores() {
        return Stream.of("sqlite", TestStores.postgresUrl(), TestStores.mysqlUrl(), TestStores.redisUrl());
    }

    /** One store per way an idle worker waits: polling SQL, PostgreSQL's NOTIFY, Redis's blocking pop. */
    static Stream<String> storesByWakeUp() {
        return Stream.of("sqlite", TestStores.postgresUrl(), TestStores.redisUrl());
    }

    private String store(Qctl qctl, String which) throws Exception {
        if (which.equals("sqlite")) return "sqlite:" + dir.resolve("q.sqlite");
        Qctl.Result migrated = qctl.run("migrate", "-c", which);
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        return which;
    }

    private static String queue() {
        return "fleet-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode workers(Qctl qctl, String store, String queue) throws Exception {
        Qctl.Result r = qctl.run("workers", "-c", store, "--queue", queue, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.parse(r.out(), "workers");
    }

    /** Done when 1: three workers are listed with their jobs; one killed -9 expires; health counts them. */
    @ParameterizedTest
    @MethodSource("stores")
    void workersAreListedWithTheirJobsAndADeadOneExpires(String which) throws Exception {
        Qctl qctl = qctl();
        String store = store(qctl, which);
        String q = queue();
        for (int i = 0; i < 3; i++)
            assertThat(qctl.run("dispatch", "-c", store, "--queue", q, "--", "sleep", "25")
                            .exit())
                    .isZero();
        List<Qctl.Running> workers = new ArrayList<>();
        for (int i = 1; i <= 3; i++)
            workers.add(qctl.start("work", store, "--queue", q, "--sleep", "0.2", "--name", "w" + i));

        await("three workers, each running a job")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode list = workers(qctl, store, q);
                    if (list.size() != 3) return false;
                    for (JsonNode w : list) if (w.path("running").size() != 1) return false;
                    return true;
                });
        JsonNode first = workers(qctl, store, q).get(0);
        assertThat(first.path("pid").asLong()).isPositive();
        assertThat(first.path("queues").get(0).asText()).isEqualTo(q);
        assertThat(first.path("running").get(0).path("name").asText()).isEqualTo("sleep 25");
        Qctl.Result text = qctl.run("workers", "-c", store, "--queue", q);
        assertThat(text.out()).contains("w1", "w2", "w3", "1/1", "runs #");

        assertThat(qctl.run("health", "--timeout", "30s", "-c", store, "--queue", q, "--min-workers", "3")
                        .exit())
                .isZero();
        assertThat(qctl.run("health", "--timeout", "30s", "-c", store, "--worker", "w1")
                        .exit())
                .isZero();

        workers.getFirst().kill(); // SIGKILL: no chance to remove its entry
        long killed = System.nanoTime();
        await("the dead worker's entry to expire")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> workers(qctl, store, q).size() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(15));
        for (JsonNode w : workers(qctl, store, q))
            assertThat(w.path("name").asText()).isNotEqualTo("w1");

        Qctl.Result three = qctl.run("health", "--timeout", "30s", "-c", store, "--queue", q, "--min-workers", "3");
        assertThat(three.exit()).as(three.out()).isEqualTo(1);
        assertThat(three.out()).contains("FAIL").contains("2 live workers").contains("unhealthy");
        Qctl.Result two = qctl.run("health", "--timeout", "30s", "-c", store, "--queue", q, "--min-workers", "2");
        assertThat(two.exit()).as(two.out() + two.err()).isZero();
        assertThat(qctl.run("health", "--timeout", "30s", "-c", store, "--worker", "w1")
                        .exit())
                .isEqualTo(1);
        assertThat(qctl.run("health", "--timeout", "30s", "-c", store, "--worker", "w2")
                        .exit())
                .isZero();
        qctl.run("clear", "-c", store, "--queue", q, "--force");
    }

    /** Done when 2: after `restart` every worker exits 0 after its job, starting none; a later one keeps running. */
    @ParameterizedTest
    @MethodSource("storesByWakeUp")
    void restartStopsEveryWorkerAfterItsJobAndSparesLaterOnes(String which) throws Exception {
        Qctl qctl = qctl();
        String store = store(qctl, which);
        String q = queue();
        Path log = dir.resolve("log.txt");
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < 6; i++)
            jobs.append("[\"sh\",\"-c\",\"echo start ")
                    .append(i)
                    .append(" $(date +%s%3N) >> ")
                    .append(log)
                    .append("; sleep 4; echo end ")
                    .append(i)
                    .append(" >> ")
                    .append(log)
                    .append("\"]\n");
        Files.writeString(dir.resolve("jobs.jsonl"), jobs);
        assertThat(qctl.run(
                                "dispatch",
                                "-c",
                                store,
                                "--queue",
                                q,
                                "--from",
                                dir.resolve("jobs.jsonl").toString())
                        .exit())
                .isZero();
        Qctl.Running a = qctl.start("work", store, "--queue", q, "--sleep", "0.2");
        Qctl.Running b = qctl.start("work", store, "--queue", q, "--sleep", "0.2");
        await("both workers to start a job").atMost(Duration.ofSeconds(30)).until(() -> starts(log) == 2);

        Qctl.Result restart = qctl.run("restart", "-c", store);
        long signalled = System.currentTimeMillis(); // the signal is in the store by now
        assertThat(restart.exit()).as(restart.err()).isZero();
        assertThat(restart.out()).contains("Broadcasting queue restart signal.");
        assertThat(a.waitFor(Duration.ofSeconds(30))).as(a.stderr()).isZero();
        assertThat(b.waitFor(Duration.ofSeconds(30))).as(b.stderr()).isZero();
        // every job that started finished (none was cut short) ...
        long started = starts(log);
        assertThat(Qctl.lines(log).stream().filter(l -> l.startsWith("end"))).hasSize((int) started);
        // ... and none started after the workers read the signal (they poll it every 0.5 s)
        assertThat(Qctl.lines(log).stream()
                        .filter(l -> l.startsWith("start"))
                        .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))))
                .as(Qctl.read(log))
                .allMatch(t -> t < signalled + 1000);
        assertThat(started).isLessThan(6);

        // four at once: the rest in one round of 4 s, not four
        Qctl.Running later = qctl.start("work", store, "--queue", q, "--sleep", "0.2", "--concurrency", "4");
        await("the later worker to run the rest")
                .atMost(Duration.ofSeconds(90))
                .until(() -> Qctl.lines(log).stream()
                                .filter(l -> l.startsWith("end"))
                                .count()
                        == 6);
        assertThat(later.isAlive()).isTrue();
        later.signal("TERM");
        assertThat(later.waitFor(Duration.ofSeconds(20))).isZero();
    }

    private static long starts(Path log) {
        return Qctl.lines(log).stream().filter(l -> l.startsWith("start")).count();
    }

    /** Done when 3: a paused queue starts nothing within a second while another keeps going; resume; nothing lost. */
    @ParameterizedTest
    @MethodSource("storesByWakeUp")
    void aPausedQueueStartsNothingWhileOthersRunAndResumeBringsItBack(String which) throws Exception {
        Qctl qctl = qctl();
        String store = store(qctl, which);
        String p = queue();
        String o = queue();
        Path log = dir.resolve("log.txt");
        for (String q : List.of(p, o)) {
            StringBuilder jobs = new StringBuilder();
            String tag = q.equals(p) ? "P" : "O";
            for (int i = 0; i < 40; i++)
                jobs.append("[\"sh\",\"-c\",\"echo ")
                        .append(tag)
                        .append(' ')
                        .append(i)
                        .append(" $(date +%s%3N) >> ")
                        .append(log)
                        .append("; sleep 0.25\"]\n");
            Files.writeString(dir.resolve(tag + ".jsonl"), jobs);
            assertThat(qctl.run(
                                    "dispatch",
                                    "-c",
                                    store,
                                    "--queue",
                                    q,
                                    "--from",
                                    dir.resolve(tag + ".jsonl").toString())
                            .exit())
                    .isZero();
        }
        // P first in priority: without the pause, O would wait for P to drain
        Qctl.Running worker = qctl.start("work", store, "--queue", p + "," + o, "--sleep", "0.1", "--concurrency", "2");
        await("P to run").atMost(Duration.ofSeconds(30)).until(() -> count(log, "P") >= 2);

        Qctl.Result paused = qctl.run("pause", "-c", store, p);
        assertThat(paused.exit()).as(paused.err()).isZero();
        long pausedAt = System.currentTimeMillis();
        await("O to run while P is paused")
                .atMost(Duration.ofSeconds(20))
                .until(() -> countSince(log, "O", pausedAt + 1000) >= 3);
        assertThat(countSince(log, "P", pausedAt + 1000)).as(Qctl.read(log)).isZero();
        assertThat(worker.stdout()).contains("Queue " + p + " PAUSED");

        Qctl.Result resumed = qctl.run("resume", "-c", store, p);
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        await("everything to run")
                .atMost(Duration.ofSeconds(90))
                .until(() -> count(log, "P") == 40 && count(log, "O") == 40);
        for (String tag : List.of("P", "O"))
            for (int i = 0; i < 40; i++) {
                String prefix = tag + " " + i + " ";
                assertThat(Qctl.lines(log).stream().filter(l -> l.startsWith(prefix)))
                        .as(prefix)
                        .hasSize(1);
            }
        assertThat(worker.stdout()).contains("Queue " + p + " RESUMED");
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();
        assertThat(qctl.run("failed", "-c", store, "--queue", p, "--json").out().trim())
                .isEqualTo("[]");
    }

    private static long count(Path log, String tag) {
        return Qctl.lines(log).stream().filter(l -> l.startsWith(tag + " ")).count();
    }

    private static long countSince(Path log, String tag, long sinceMs) {
        return Qctl.lines(log).stream()
                .filter(l -> l.startsWith(tag + " "))
                .filter(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)) >= sinceMs)
                .count();
    }

    /** Done when 6: SIGTERM with --stop-timeout 2s on a 30 s job: exit in ~2 s, job back unspent, done elsewhere. */
    @ParameterizedTest
    @MethodSource("storesByWakeUp")
    void stopTimeoutHandsTheRunningJobBackWithItsAttemptUnspent(String which) throws Exception {
        Qctl qctl = qctl();
        String store = store(qctl, which);
        String q = queue();
        Path log = dir.resolve("log.txt");
        Path marker = dir.resolve("ran-once");
        // 30 s the first time, 1 s on the next worker
        String script = "echo start $QCTL_ATTEMPT >> " + log + "; if [ -e " + marker + " ]; then sleep 1; else touch "
                + marker + "; sleep 30; fi && echo end $QCTL_ATTEMPT >> " + log;
        assertThat(qctl.run("dispatch", "-c", store, "--queue", q, "--tries", "1", "--", "sh", "-c", script)
                        .exit())
                .isZero();
        Qctl.Running first = qctl.start("work", store, "--queue", q, "--sleep", "0.2", "--stop-timeout", "2s");
        await("the job to start")
                .atMost(Duration.ofSeconds(30))
                .until(() -> Qctl.read(log).contains("start 1"));

        long term = System.nanoTime();
        first.signal("TERM");
        assertThat(first.waitFor(Duration.ofSeconds(20))).as(first.stderr()).isZero();
        Duration took = Duration.ofNanos(System.nanoTime() - term);
        assertThat(took).isLessThan(Duration.ofSeconds(5)).isGreaterThan(Duration.ofMillis(1500));
        assertThat(first.stdout()).contains("STOPPED");
        JsonNode sizes = Json.parse(
                qctl.run("monitor", "-c", store, "--queue", q, "--json").out(), "monitor");
        assertThat(sizes.get(0).path("pending").asLong()).isEqualTo(1);

        Qctl.Result second = qctl.run("work", store, "--queue", q, "--sleep", "0.2", "--stop-when-empty", "--json");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("\"status\":\"success\"").contains("\"attempts\":1");
        assertThat(Qctl.lines(log)).containsExactly("start 1", "start 1", "end 1");
        assertThat(qctl.run("failed", "-c", store, "--queue", q, "--json").out().trim())
                .isEqualTo("[]");
    }

    /**
     * Done when 5: `health` on a store that is down exits 3 with one line: a port nobody listens
     * on, and a server that accepts connections but never answers (cut off at --timeout).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"redis://127.0.0.1:%d/0", "postgres://postgres@127.0.0.1:%d/x", "mysql://root@127.0.0.1:%d/x"})
    void healthOnAStoreThatIsDownExitsThreeWithOneLineWithinItsTimeout(String template) throws Exception {
        Qctl qctl = qctl();
        int closed = dev.qctl.testing.PrivateRedis.freePort();
        Qctl.Result refused = qctl.run("health", "-c", String.format(template, closed), "--timeout", "3s");
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(3);
        assertThat(refused.errLines()).hasSize(1);
        assertThat(refused.out()).isEmpty();

        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                List<java.net.Socket> held = new ArrayList<>();
                try {
                    while (true) held.add(silent.accept()); // accepts and never answers
                } catch (java.io.IOException e) {
                    // closed by the test
                }
            });
            long began = System.nanoTime();
            Qctl.Result hung =
                    qctl.run("health", "-c", String.format(template, silent.getLocalPort()), "--timeout", "2s");
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            assertThat(hung.exit()).as(hung.out() + hung.err()).isEqualTo(3);
            assertThat(hung.errLines()).hasSize(1);
            assertThat(hung.err()).contains("did not answer within 2000ms");
            assertThat(took).isLessThan(Duration.ofSeconds(5)); // 2 s plus the JVM's start
            acceptor.interrupt();
        }
    }

    /** The store stopped under a running fleet: `health` says 3; the worker outlives the outage of its heartbeat. */
    @org.junit.jupiter.api.Test
    void aStoppedRedisMakesHealthExitThreeAndTheWorkerSurvives() throws Exception {
        Qctl qctl = qctl();
        try (dev.qctl.testing.PrivateRedis redis = dev.qctl.testing.PrivateRedis.start(dir)) {
            String url = redis.url("/0");
            Qctl.Running worker = qctl.start("work", url, "--sleep", "0.2", "--name", "survivor");
            await("the worker's heartbeat")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> qctl.run("health", "--timeout", "30s", "-c", url, "--worker", "survivor")
                                    .exit()
                            == 0);
            redis.kill();
            Qctl.Result down = qctl.run("health", "-c", url, "--timeout", "3s");
            assertThat(down.exit()).as(down.out() + down.err()).isEqualTo(3);
            assertThat(down.errLines()).hasSize(1);
            Thread.sleep(4000); // more than a beat without the store
            assertThat(worker.isAlive()).as(worker.stderr()).isTrue();
            redis.launch();
            await("the heartbeat to come back")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> qctl.run("health", "--timeout", "30s", "-c", url, "--worker", "survivor")
                                    .exit()
                            == 0);
            worker.signal("TERM");
            assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();
        }
    }
}
