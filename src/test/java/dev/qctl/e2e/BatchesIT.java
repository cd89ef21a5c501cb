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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 12, batches: done-when 1, 2 and 3 with real dispatch, worker and batches processes on every store. */
class BatchesIT {
    @TempDir
    Path dir;

    private final List<Qctl> harnesses = new ArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        for (Qctl q : harnesses) q.close();
    }

    /** Every store; {@code -Dqctl.it.stores=sqlite,redis} narrows a run by hand (names or URL prefixes). */
    static Stream<String> stores() {
        return narrowed(Stream.of("sqlite", TestStores.postgresUrl(), TestStores.mysqlUrl(), TestStores.redisUrl()));
    }

    static Stream<String> narrowed(Stream<String> stores) {
        String only = System.getProperty("qctl.it.stores");
        if (only == null || only.isBlank()) return stores;
        List<String> wanted = List.of(only.split(","));
        return stores.filter(s -> wanted.stream().anyMatch(s::startsWith));
    }

    private Qctl qctl() {
        Qctl qctl = new Qctl(dir);
        harnesses.add(qctl);
        return qctl;
    }

    private String store(Qctl qctl, String which) throws Exception {
        if (which.equals("sqlite")) return "sqlite:" + dir.resolve("q.sqlite");
        Qctl.Result migrated = qctl.run("migrate", "-c", which);
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        return which;
    }

    private static String queue() {
        return "batch-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A job line for the built-in noop handler, which sleeps {@code ms} and succeeds. */
    private static String noop(int ms) {
        return "{\"job\":\"noop\",\"data\":{\"ms\":" + ms + "}}";
    }

    /** An argv job line (or callback) that appends {@code word} to {@code file}. */
    private static String append(Path file, String word) {
        return Json.write(Json.MAPPER.valueToTree(List.of("sh", "-c", "echo " + word + " >> " + file)));
    }

    /** Dispatches and returns the new batch's id, which dispatch prints on stderr. */
    private static String dispatchBatch(Qctl qctl, String... args) throws Exception {
        Qctl.Result r = qctl.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.errLines().stream()
                .filter(l -> l.startsWith("batch "))
                .map(l -> l.substring(6).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no batch id in: " + r.err()));
    }

    private static JsonNode show(Qctl qctl, String store, String id) throws Exception {
        Qctl.Result r = qctl.run("batches", "show", "-c", store, id, "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.parse(r.out(), "batch");
    }

    private static long count(Path file, String word) {
        if (!Files.exists(file)) return 0;
        return Qctl.lines(file).stream().filter(word::equals).count();
    }

    private List<Qctl.Running> workers(Qctl qctl, String store, String queue, int n) throws Exception {
        List<Qctl.Running> workers = new ArrayList<>();
        for (int i = 0; i < n; i++)
            workers.add(qctl.start("work", "-c", store, "--queue", queue, "--sleep", "0.2", "--tries", "1"));
        return workers;
    }

    private static void stop(List<Qctl.Running> workers) throws Exception {
        for (Qctl.Running w : workers) w.signal("TERM");
        for (Qctl.Running w : workers)
            assertThat(w.waitFor(Duration.ofSeconds(60))).as(w.stderr()).isZero();
    }

    /**
     * Done when 1: 3,025 jobs as one batch, ten worker processes; `qctl batches` shows it part done
     * while it runs and 100% at the end; then and finally ran once each. Then 20 batches of 50
     * (ten workers end the last jobs of each at about the same moment): once each, every time.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void aBigBatchShowsProgressAndEachCallbackRunsOnceEveryTime(String which) throws Exception {
        Qctl qctl = qctl();
        String store = store(qctl, which);
        String queue = queue();
        Path callbacks = dir.resolve("callbacks.txt");
        Path jobs = dir.resolve("jobs.jsonl");
        // built-in noop jobs (20 ms each): the queue's own work, not 3,025 process spawns, and slow
        // enough for a poll to see the batch part done
        Files.write(jobs, Collections.nCopies(3025, noop(20)));

        String id = dispatchBatch(
                qctl,
                "dispatch",
                "-c",
                store,
                "--queue",
                queue,
                "--from",
                jobs.toString(),
                "--batch",
                "mailbox sync",
                "--then",
                append(callbacks, "then-big"),
                "--finally",
                append(callbacks, "finally-big"));
        List<Qctl.Running> workers = workers(qctl, store, queue, 10);

        List<Integer> seen = new ArrayList<>();
        // each look is a qctl process (about half a core for its start): every second leaves the cores to the
        // ten workers, and the batch runs for 6 s at the least (3,025 x 20 ms over ten), so it is still seen part done
        await("the batch to reach 100%")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Qctl.Result list = qctl.run("batches", "-c", store, "--json");
                    for (JsonNode b : Json.parse(list.out(), "batches"))
                        if (b.get("id").asText().equals(id))
                            seen.add(b.get("progress").asInt());
                    return !seen.isEmpty() && seen.getLast() == 100;
                });
        assertThat(seen).as("progress seen while it ran").anyMatch(p -> p > 0 && p < 100);
        assertThat(qctl.run("batches", "-c", store).out()).contains(id, "mailbox sync", "3025", "100%");

        List<String> reps = new ArrayList<>();
        Path fifty = dir.resolve("fifty.jsonl");
        Files.write(fifty, Collections.nCopies(50, noop(100)));
        for (int rep = 0; rep < 20; rep++) {
            reps.add(dispatchBatch(
                    qctl,
                    "dispatch",
                    "-c",
                    store,
                    "--queue",
                    queue,
                    "--from",
                    fifty.toString(),
                    "--batch",
                    "rep " + rep,
                    "--then",
                    append(callbacks, "then-" + rep),
                    "--finally",
                    append(callbacks, "finally-" + rep)));
        }
        await("every batch's callbacks")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> count(callbacks, "finally-19") == 1
                        && count(callbacks, "then-19") == 1
                        && Qctl.lines(callbacks).size() >= 42);
        Thread.sleep(1000); // a duplicate callback would be queued in the same step; give it time to run
        stop(workers);
        assertThat(count(callbacks, "then-big")).isEqualTo(1);
        assertThat(count(callbacks, "finally-big")).isEqualTo(1);
        Qctl.Result listed = qctl.run("batches", "-c", store, "--per-page", "50", "--json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        JsonNode all = Json.parse(listed.out(), "batches");
        for (int rep = 0; rep < 20; rep++) {
            assertThat(count(callbacks, "then-" + rep)).as("then of rep " + rep).isEqualTo(1);
            assertThat(count(callbacks, "finally-" + rep))
                    .as("finally of rep " + rep)
                    .isEqualTo(1);
            String repId = reps.get(rep);
            assertThat(all)
                    .filteredOn(b -> b.get("id").asText().equals(repId))
                    .singleElement()
                    .satisfies(b -> assertThat(b.get("progress").asInt()).isEqualTo(100));
        }
        assertThat(Qctl.lines(callbacks)).hasSize(42);
    }

    /**
     * Done when 2: three of ten jobs fail; catch once, finally once after every job ran, then never;
     * `batches retry` re-runs exactly those three, and once they pass the batch is finished.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void threeFailuresThenRetryFinishesTheBatch(String which) throws Exception {
        Qctl qctl = qctl();
        String store = store(qctl, which);
        String queue = queue();
        Path log = dir.resolve("log.txt");
        Path fixed = dir.resolve("fixed");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String script = i % 3 == 1 && i < 9
                    ? "echo bad" + i + " >> " + log + "; test -e " + fixed + " || { echo mailbox " + i
                            + " unreachable >&2; exit 1; }"
                    : "echo ok" + i + " >> " + log;
            lines.add(Json.write(Json.MAPPER.valueToTree(List.of("sh", "-c", script))));
        }
        Path jobs = dir.resolve("jobs.jsonl");
        Files.write(jobs, lines);
        String id = dispatchBatch(
                qctl,
                "dispatch",
                "-c",
                store,
                "--queue",
                queue,
                "--tries",
                "1",
                "--from",
                jobs.toString(),
                "--batch",
                "with failures",
                "--allow-failures",
                "--then",
                append(log, "then"),
                "--catch",
                append(log, "catch"),
                "--finally",
                append(log, "finally"));

        Qctl.Result worked = qctl.run("work", "-c", store, "--queue", queue, "--stop-when-empty");
        assertThat(worked.exit()).as(worked.err()).isZero();
        List<String> ran = Qctl.lines(log);
        assertThat(count(log, "catch")).isEqualTo(1);
        assertThat(count(log, "finally")).isEqualTo(1);
        assertThat(count(log, "then")).isZero();
        assertThat(ran.indexOf("finally"))
                .as("finally comes after every job: " + ran)
                .isGreaterThan(ran.stream()
                        .filter(l -> l.startsWith("ok") || l.startsWith("bad"))
                        .mapToInt(ran::lastIndexOf)
                        .max()
                        .orElseThrow());
        JsonNode b = show(qctl, store, id);
        assertThat(b.get("failedJobs").asInt()).isEqualTo(3);
        assertThat(b.get("failedJobIds")).hasSize(3);
        assertThat(b.get("finishedAt").isNull()).isTrue();
        Qctl.Result shown = qctl.run("batches", "show", "-c", store, id);
        assertThat(shown.out())
                .contains("Failed jobs:", "mailbox 1 unreachable", "mailbox 4 unreachable", "mailbox 7 unreachable");
        for (JsonNode uuid : b.get("failedJobIds")) assertThat(shown.out()).contains(uuid.asText());
        assertThat(Json.parse(
                        qctl.run("failed", "-c", store, "--queue", queue, "--json")
                                .out(),
                        "failed"))
                .hasSize(3)
                .allSatisfy(f -> assertThat(f.get("batch").asText()).isEqualTo(id));

        Files.createFile(fixed);
        Qctl.Result retried = qctl.run("batches", "retry", "-c", store, id);
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(retried.out().lines().filter(l -> l.endsWith("DONE"))).hasSize(3);
        Qctl.Result again = qctl.run("work", "-c", store, "--queue", queue, "--stop-when-empty");
        assertThat(again.exit()).as(again.err()).isZero();

        for (int i : new int[] {1, 4, 7})
            assertThat(count(log, "bad" + i)).as("job " + i + " ran twice").isEqualTo(2);
        for (int i : new int[] {0, 2, 3, 5, 6, 8, 9})
            assertThat(count(log, "ok" + i)).as("job " + i + " ran once").isEqualTo(1);
        b = show(qctl, store, id);
        assertThat(b.get("pendingJobs").asInt()).isZero();
        assertThat(b.get("failedJobIds")).isEmpty();
        assertThat(b.get("progress").asInt()).isEqualTo(100);
        assertThat(b.get("finishedAt").isNull()).as("finished").isFalse();
        assertThat(count(log, "catch")).isEqualTo(1);
        assertThat(count(log, "finally")).isEqualTo(1);
        assertThat(count(log, "then"))
                .as("Laravel runs then once nothing is pending")
                .isEqualTo(1);
        Qctl.Result watched = qctl.run("batches", "show", "-c", store, id, "--watch");
        assertThat(watched.exit()).as(watched.err()).isZero();
        assertThat(watched.err()).contains("with failures: 10/10 done, 3 failed, 100%");
    }

    /** One store per batch store family (SqlBatchStore, RedisBatchStore), for what is the same on each of its stores. */
    static Stream<String> storesByFamily() {
        return narrowed(Stream.of("sqlite", TestStores.redisUrl()));
    }

    /**
     * Batch options that do not go together, or a batch that is not there: one line, a documented
     * exit code. The command refuses the options before it asks the store, and every store's
     * lookup of a missing batch is in BatchesContract, so one store of each family suffices.
     */
    @ParameterizedTest
    @MethodSource("storesByFamily")
    void badBatchOptionsAreRefusedInOneLine(String which) throws Exception {
        Qctl qctl = qctl();
        String store = store(qctl, which);
        Qctl.Result orphan = qctl.run("dispatch", "-c", store, "--then", "x", "--", "true");
        assertThat(orphan.exit()).isEqualTo(2);
        assertThat(orphan.err().trim()).hasLineCount(1).contains("need --batch NAME");
        Qctl.Result both = qctl.run("dispatch", "-c", store, "--batch", "a", "--batch-id", "b", "--", "true");
        assertThat(both.exit()).isEqualTo(2);
        Qctl.Result missing = qctl.run(
                "dispatch", "-c", store, "--batch-id", UUID.randomUUID().toString(), "--", "true");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no batch with id").doesNotContain("Exception");
        Qctl.Result show = qctl.run("batches", "show", "-c", store, "nope");
        assertThat(show.exit()).isEqualTo(1);
        assertThat(show.err().trim()).isEqualTo("qctl: no batch with id nope");
        Qctl.Result unforced = qctl.run("batches", "prune", "-c", store, "--hours", "1");
        assertThat(unforced.exit()).as("off a terminal prune needs --force").isEqualTo(2);
        assertThat(unforced.err()).contains("refusing without --force");
    }

    /** Done when 3: after `batches cancel` returns, the batch's jobs are skipped (acked, not run). */
    @ParameterizedTest
    @MethodSource("stores")
    void noJobOfACancelledBatchStartsAfterTheCancelReturns(String which) throws Exception {
        Qctl qctl = qctl();
        String store = store(qctl, which);
        String queue = queue();
        Path starts = dir.resolve("starts.txt");
        String line =
                Json.write(Json.MAPPER.valueToTree(List.of("sh", "-c", "date +%s%N >> " + starts + "; sleep 0.05")));
        Path jobs = dir.resolve("jobs.jsonl");
        Files.write(jobs, Collections.nCopies(300, line));
        String id = dispatchBatch(
                qctl, "dispatch", "-c", store, "--queue", queue, "--from", jobs.toString(), "--batch", "to cancel");
        List<Qctl.Running> workers = workers(qctl, store, queue, 2);
        await("some jobs to start")
                .atMost(Duration.ofMinutes(2))
                .until(() -> Files.exists(starts) && Qctl.lines(starts).size() >= 5);

        Qctl.Result cancelled = qctl.run("batches", "cancel", "-c", store, id);
        assertThat(cancelled.exit()).as(cancelled.err()).isZero();
        Instant returned = Instant.now();
        await("the queue to drain")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Json.parse(
                                        qctl.run("monitor", "-c", store, "--queue", queue, "--json")
                                                .out(),
                                        "m")
                                .toString()
                                .contains("\"pending\":0")
                        && workers.stream()
                                        .mapToLong(w -> w.stderr()
                                                .lines()
                                                .filter(l -> l.contains("skipped: batch cancelled"))
                                                .count())
                                        .sum()
                                > 0);
        Thread.sleep(1000);
        stop(workers);
        long returnedNanos = returned.getEpochSecond() * 1_000_000_000L + returned.getNano();
        List<Long> started = Qctl.lines(starts).stream().map(Long::parseLong).toList();
        // the worker checks the batch as it takes each job, a moment before the job's process starts
        long grace = Duration.ofMillis(500).toNanos();
        assertThat(started).allSatisfy(t -> assertThat(t).isLessThan(returnedNanos + grace));
        assertThat(started.size()).isLessThan(300);
        long skipped = workers.stream()
                .mapToLong(w ->
                        w.stdout().lines().filter(l -> l.contains("SKIPPED")).count())
                .sum();
        assertThat(skipped + started.size())
                .as("every job either ran or was skipped")
                .isEqualTo(300);
        JsonNode b = show(qctl, store, id);
        assertThat(b.get("cancelledAt").isNull()).isFalse();
        assertThat(b.get("pendingJobs").asInt())
                .as("skipped jobs count as done, as in Laravel")
                .isZero();
    }
}
