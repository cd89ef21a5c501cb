package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12's without_overlapping, queue limits and {@code qctl locks}, with real worker processes,
 * sharing two workers between the cases to stay fast:
 * <ol>
 *   <li>6 jobs with one overlap key on 2 workers (3 slots): the handlers' own start and end
 *       marks never interleave, none fails, every start is a first attempt;
 *   <li>a queue's limit holds back the job past it, whatever its handler;
 *   <li>a worker killed with -9 while holding two locks: the one with a short expire_after frees
 *       itself, {@code qctl locks} lists the other, and {@code locks release --force} frees it;
 *       jobs waiting on them are postponed meanwhile, never failed, their attempts not spent.
 * </ol>
 */
class WithoutOverlappingIT {
    private static final int JOBS = 6;
    /** Short, so the test waits little; its holder sleeps far longer, so only the expiry frees it. */
    private static final Duration EXPIRE_AFTER = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    private Qctl qctl;

    @AfterEach
    void close() throws InterruptedException {
        if (qctl != null) qctl.close();
    }

    /**
     * One store of each family, sharing locks between hosts: the SQL stores share SqlLocks and
     * each passes {@code OverlapLocksContract}, so SQLite and MySQL would repeat these ~15 s of
     * processes for no new path ({@code -Dqctl.it.stores} picks others).
     */
    static Stream<String> stores() {
        String only = System.getProperty("qctl.it.stores");
        if (only != null && !only.isBlank()) return BatchesIT.stores();
        return Stream.of(TestStores.postgresUrl(), TestStores.redisUrl());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void oneJobPerKeyAtATimeAndLocksOfDeadWorkersAreFreed(String which) throws Exception {
        qctl = new Qctl(dir);
        String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("q.sqlite") : which;
        String run = UUID.randomUUID().toString().substring(0, 8);
        String q = "overlap-" + run;
        String held = "held-" + run;
        String after = "after-" + run;
        String limited = "limited-" + run;
        String limit = "lim-" + run;
        Path marks = dir.resolve("marks.log");
        Files.writeString(
                dir.resolve("qctl.yml"), """
                limits:
                  %s: 2/30s
                queues:
                  %s: {limit: %s}
                handlers:
                  mark:
                    exec: [sh, -c, 'echo "s $(date +%%s%%N)" >> "$0"; sleep 0.5; echo "e $(date +%%s%%N)" >> "$0"', "%s"]
                    without_overlapping: {key: "{k}", release_after: 1s}
                  brief:
                    exec: [sleep, "{secs}"]
                    without_overlapping: {key: "{k}", expire_after: %ds, release_after: 1s}
                  sticky:
                    exec: [sleep, "{secs}"]
                    without_overlapping: {key: "{k}", expire_after: 1h, release_after: 1s}
                  free: {exec: ["true"]}
                """.formatted(limit, limited, limit, marks, EXPIRE_AFTER.toSeconds()));
        if (!which.equals("sqlite"))
            assertThat(qctl.run("migrate", "-c", store).exit()).isZero();
        finished(
                dispatching(store, q, Collections.nCopies(JOBS, "{\"job\":\"mark\",\"data\":{\"k\":\"same\"}}")),
                dispatching(store, limited, Collections.nCopies(3, "{\"job\":\"free\"}")));

        // a: two slots, for the marks and then for the jobs it will die holding; b: one slot
        Qctl.Running a = qctl.start(
                "work", "-c", store, "--queue", q + "," + held, "--concurrency", "2", "--sleep", "200ms", "--json");
        Qctl.Running b = qctl.start(
                "work", "-c", store, "--queue", q + "," + limited + "," + after, "--sleep", "200ms", "--json");
        List<Qctl.Running> both = List.of(a, b);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> count(both, q, "success") == JOBS && count(List.of(b), limited, "success") == 2);

        // 1. the handlers' own marks: s e s e …, never two s in a row
        List<String> order = Files.readAllLines(marks).stream()
                .sorted((x, y) -> Long.compare(Long.parseLong(x.substring(2)), Long.parseLong(y.substring(2))))
                .map(l -> l.substring(0, 1))
                .toList();
        assertThat(String.join("", order)).isEqualTo("se".repeat(JOBS));
        assertThat(count(both, q, "postponed"))
                .as("jobs met the held lock and waited")
                .isPositive();

        // 2. the queue's limit let 2 of its 3 jobs start and holds the third back
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> lines(List.of(b), limited, "postponed").stream()
                        .anyMatch(l -> l.path("message").asText().contains(limit)));

        // 3. a dies holding two locks; the jobs after them (b's alone) come when a has them
        finished(
                dispatching(
                        store,
                        held,
                        List.of(
                                "{\"job\":\"brief\",\"data\":{\"k\":\"x\",\"secs\":\"20\"}}",
                                "{\"job\":\"sticky\",\"data\":{\"k\":\"m\",\"secs\":\"20\"}}")),
                dispatching(
                        store,
                        after,
                        List.of(
                                "{\"job\":\"brief\",\"data\":{\"k\":\"x\",\"secs\":\"0\"}}",
                                "{\"job\":\"sticky\",\"data\":{\"k\":\"m\",\"secs\":\"0\"}}"),
                        "--delay",
                        "2"));
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> count(List.of(a), held, "starting") == 2);
        a.kill();
        List<JsonNode> holders = lines(List.of(a), held, "starting");
        OffsetDateTime briefHeldFrom =
                OffsetDateTime.parse(startOf(holders, "brief").path("timestamp").asText());
        Qctl.Result listed = qctl.run("locks", "-c", store, "--json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        JsonNode locks = Json.parse(listed.out(), "locks");
        assertThat(entry(locks, "overlap:sticky:m").path("kind").asText()).isEqualTo("overlap");
        assertThat(entry(locks, "overlap:sticky:m").path("holder").asText()).isEqualTo(idOf(holders, "sticky"));
        assertThat(entry(locks, limit).path("kind").asText()).isEqualTo("limit");
        assertThat(entry(locks, limit).path("used").asInt()).isEqualTo(2);
        assertThat(entry(locks, limit).path("max").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> lines(List.of(b), after, "postponed").stream()
                        .anyMatch(l -> l.path("job").asText().equals("sticky")));
        Qctl.Result refused = qctl.run("locks", "release", "-c", store, "overlap:sticky:m");
        assertThat(refused.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.errLines()).hasSize(1).first().asString().contains("--force");
        Qctl.Result released = qctl.run("locks", "release", "-c", store, "overlap:sticky:m", "--force");
        assertThat(released.exit()).as(released.err()).isZero();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> count(List.of(b), after, "success") == 2);

        // brief's lock was freed by no one: it expired (the SQL stores count whole seconds)
        OffsetDateTime briefRanAt = OffsetDateTime.parse(startOf(lines(List.of(b), after, "starting"), "brief")
                .path("timestamp")
                .asText());
        assertThat(lines(List.of(b), after, "postponed"))
                .as("brief's job met the dead worker's lock")
                .anyMatch(l -> l.path("job").asText().equals("brief"));
        assertThat(Duration.between(briefHeldFrom, briefRanAt))
                .isGreaterThanOrEqualTo(EXPIRE_AFTER.minusSeconds(1))
                .isLessThan(EXPIRE_AFTER.plusSeconds(10));
        for (String queue : List.of(q, after, limited)) {
            assertThat(lines(both, queue, "starting"))
                    .as("a postponed job spends no attempt")
                    .allSatisfy(l -> assertThat(l.path("attempts").asLong()).isEqualTo(1));
            assertThat(count(both, queue, "failed")).as("failed on " + queue).isZero();
        }

        b.signal("TERM");
        assertThat(b.waitFor(Duration.ofSeconds(30))).as(b.stderr()).isZero();
        if (!which.equals("sqlite")) qctl.run("clear", "-c", store, "--queue", held + "," + limited, "--force");
    }

    /** Starts dispatching {@code jobs} to {@code queue}, so several dispatchers can run side by side. */
    private Qctl.Running dispatching(String store, String queue, List<String> jobs, String... more) throws Exception {
        Path file = Files.createTempFile(dir, "jobs", ".jsonl");
        Files.write(file, jobs);
        List<String> args =
                new ArrayList<>(List.of("dispatch", "-c", store, "--queue", queue, "--from", file.toString()));
        args.addAll(List.of(more));
        return qctl.start(args.toArray(String[]::new));
    }

    private static void finished(Qctl.Running... dispatchers) throws InterruptedException {
        for (Qctl.Running d : dispatchers)
            assertThat(d.waitFor(Duration.ofSeconds(60))).as(d.stderr()).isZero();
    }

    private static JsonNode startOf(List<JsonNode> starts, String job) {
        return starts.stream()
                .filter(l -> l.path("job").asText().equals(job))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode entry(JsonNode locks, String name) {
        for (JsonNode n : locks) if (n.path("name").asText().equals(name)) return n;
        throw new AssertionError("qctl locks lists no " + name + ": " + locks);
    }

    private static String idOf(List<JsonNode> starts, String job) {
        return startOf(starts, job).path("id").asText();
    }

    private static long count(List<Qctl.Running> workers, String queue, String status) {
        return lines(workers, queue, status).size();
    }

    /** The workers' JSON lines of {@code queue} with {@code status}. */
    private static List<JsonNode> lines(List<Qctl.Running> workers, String queue, String status) {
        List<JsonNode> out = new ArrayList<>();
        for (Qctl.Running w : workers)
            for (String l : w.stdoutLines()) {
                if (!l.startsWith("{")) continue;
                JsonNode line;
                try {
                    line = Json.parse(l, "worker line");
                } catch (RuntimeException partial) {
                    continue; // the line being written right now
                }
                if (line.path("queue").asText().equals(queue)
                        && line.path("status").asText().equals(status)) out.add(line);
            }
        return out;
    }
}
