package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.ReservedRows;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19: kill -9 of a worker with 10 slots, at --tries=1, while it holds jobs reserved ahead.
 * Only the jobs it was running may lose their attempt (and fail, MaxAttemptsExceeded); every job
 * it held but never started runs later on its first attempt, and none is lost. (Before issue 19
 * the attempt was counted at reservation: such a kill failed 50 to 80 jobs that never started.)
 */
class CrashWithJobsHeldAheadIT {
    private static final int JOBS = 20_000;
    private static final int SLOTS = 10;
    private static final int RETRY_AFTER_SECONDS = 3;

    @TempDir
    Path dir;

    private final List<Qctl> harnesses = new ArrayList<>();

    @AfterEach
    void closeHarnesses() throws InterruptedException {
        for (Qctl q : harnesses) q.close();
    }

    static Stream<String> stores() {
        return Stream.of("sqlite", TestStores.postgresUrl());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void onlyTheJobsRunningAtTheKillLoseAnAttempt(String which) throws Exception {
        Qctl qctl = new Qctl(dir);
        harnesses.add(qctl);
        String store = store(qctl, which);
        String q = "ahead-" + UUID.randomUUID().toString().substring(0, 8);
        // one-millisecond jobs: fast enough for the worker to hold many ahead of its slots
        Files.writeString(
                dir.resolve("jobs.jsonl"), "{\"job\":\"noop\",\"data\":{\"ms\":1},\"tries\":1}\n".repeat(JOBS));
        Qctl.Result dispatched = qctl.run(
                "dispatch",
                "-c",
                store,
                "--queue",
                q,
                "--from",
                dir.resolve("jobs.jsonl").toString());
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();

        Qctl.Running doomed = qctl.start(
                "work", store, "--queue", q, "--concurrency", Integer.toString(SLOTS), "--tries", "1", "--json");
        // freeze it while it holds more than it runs, and see which of its jobs have an attempt counted
        await("the worker to hold jobs ahead of its slots")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> sizes(qctl, store, q).path("reserved").asLong() >= 2 * SLOTS);
        doomed.signal("STOP");
        Thread.sleep(Duration.ofSeconds(1)); // what it had already sent lands; it sends nothing more
        Map<String, Long> reserved = ReservedRows.attempts(store, q);
        Set<String> inSlots = new HashSet<>();
        Set<String> heldAhead = new HashSet<>();
        reserved.forEach((id, attempts) -> (attempts > 0 ? inSlots : heldAhead).add(id));
        assertThat(heldAhead)
                .as("jobs held but never started, or this test proves nothing")
                .isNotEmpty();
        doomed.kill(); // SIGKILL: nothing handed back
        JsonNode atKill = sizes(qctl, store, q);
        long left = atKill.path("size").asLong();

        Thread.sleep(Duration.ofSeconds(RETRY_AFTER_SECONDS + 1)); // the dead worker's leases run out
        Qctl.Result rest = qctl.run(
                "work",
                store,
                "--queue",
                q,
                "--concurrency",
                Integer.toString(SLOTS),
                "--tries",
                "1",
                "--json",
                "--stop-when-empty");
        assertThat(rest.exit()).as(rest.err()).isZero();

        Set<String> failed = new HashSet<>();
        Set<String> firstTry = new HashSet<>();
        for (String line : rest.out().lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode n = Json.parse(line, "worker output");
            String status = n.path("status").asText();
            if (status.equals("failed")) failed.add(n.path("id").asText());
            if (status.equals("success") && n.path("attempts").asLong() == 1)
                firstTry.add(n.path("id").asText());
        }
        // a job the dead worker ran (or had just finished, its ack not yet written) may fail:
        // its attempt was spent; a job it only held must run, on its first attempt
        assertThat(inSlots).as("only jobs the dead worker had started fail").containsAll(failed);
        assertThat(firstTry)
                .as("the jobs it held ahead run on their first attempt")
                .containsAll(heldAhead);
        assertThat(count(rest.out(), "success") + failed.size())
                .as("every job the dead worker did not ack ran or failed; none lost")
                .isEqualTo(left);
        assertThat(sizes(qctl, store, q).path("size").asLong()).isZero();
    }

    private String store(Qctl qctl, String which) throws Exception {
        String retryAfter = "retry_after=" + RETRY_AFTER_SECONDS;
        if (which.equals("sqlite")) return "sqlite:" + dir.resolve("q.sqlite") + "?" + retryAfter;
        String url = which + (which.contains("?") ? "&" : "?") + retryAfter;
        Qctl.Result migrated = qctl.run("migrate", "-c", url);
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        return url;
    }

    private static JsonNode sizes(Qctl qctl, String store, String q) throws Exception {
        Qctl.Result r = qctl.run("monitor", "-c", store, "--queue", q, "--json"); // exit 1 only says ALERT
        return Json.parse(r.out(), "monitor").get(0);
    }

    private static long count(String stdout, String status) {
        return stdout.lines()
                .filter(l -> l.contains("\"status\":\"" + status + "\""))
                .count();
    }
}
