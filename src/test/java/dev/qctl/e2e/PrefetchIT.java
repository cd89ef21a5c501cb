package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker reserves ahead of its free slots only while jobs are short: what it holds but never
 * started goes back to the queue when it stops, without using up an attempt, and long jobs are
 * never hoarded by one worker while another sits idle.
 */
class PrefetchIT {
    @TempDir
    Path dir;

    @Test
    void jobsReservedAheadAreHandedBackOnStopWithoutUsingAnAttempt() throws Exception {
        Qctl qctl = new Qctl(dir);
        int total = 20_000;
        // one-millisecond jobs: fast enough for the worker to reserve ahead; --tries 1 makes a lost attempt visible
        Files.writeString(
                dir.resolve("jobs.jsonl"), "{\"job\":\"noop\",\"data\":{\"ms\":1},\"tries\":1}\n".repeat(total));
        assertThat(qctl.run(
                                "dispatch",
                                "--queue",
                                "ahead",
                                "--from",
                                dir.resolve("jobs.jsonl").toString())
                        .exit())
                .isZero();

        Qctl.Running worker = qctl.start("work", "--queue", "ahead", "--concurrency", "2", "--json", "--tries", "1");
        await("a thousand jobs done").atMost(Duration.ofSeconds(60)).until(() -> successes(worker.stdout()) >= 1000);
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(30))).as(worker.stderr()).isZero();

        List<JsonNode> lines = jsonLines(worker.stdout());
        long done = lines.stream()
                .filter(n -> n.path("status").asText().equals("success"))
                .count();
        int handedBack = lines.stream()
                .filter(n -> n.path("status").asText().equals("handed_back"))
                .mapToInt(n -> n.path("count").asInt())
                .sum();
        assertThat(handedBack).as("jobs held ahead when the worker stopped").isPositive();

        JsonNode sizes = Json.parse(
                        qctl.run("monitor", "--queue", "ahead", "--json").out(), "monitor")
                .get(0);
        assertThat(sizes.path("reserved").asLong()).isZero();
        assertThat(sizes.path("pending").asLong()).isEqualTo(total - done);

        // every job left runs on its first attempt: a handed-back job did not count one
        Qctl.Running rest = qctl.start(
                "work", "--queue", "ahead", "--concurrency", "4", "--json", "--tries", "1", "--stop-when-empty");
        assertThat(rest.waitFor(Duration.ofMinutes(2))).as(rest.stderr()).isZero();
        List<JsonNode> restLines = jsonLines(rest.stdout());
        assertThat(restLines.stream()
                        .filter(n -> n.path("status").asText().equals("success"))
                        .count())
                .isEqualTo(total - done);
        assertThat(restLines)
                .filteredOn(n -> n.has("attempts"))
                .allMatch(n -> n.path("attempts").asInt() == 1);
        assertThat(qctl.run("failed", "--json").out().trim()).isEqualTo("[]");
    }

    @Test
    void maxJobsAndOnceRunExactlyThatManyEvenWithJobsReservedAhead() throws Exception {
        Qctl qctl = new Qctl(dir);
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"job\":\"noop\",\"data\":{}}\n".repeat(2000));
        assertThat(qctl.run(
                                "dispatch",
                                "--queue",
                                "counted",
                                "--from",
                                dir.resolve("jobs.jsonl").toString())
                        .exit())
                .isZero();

        Qctl.Result limited =
                qctl.run("work", "--queue", "counted", "--concurrency", "8", "--max-jobs", "500", "--json");
        assertThat(limited.exit()).as(limited.err()).isZero();
        assertThat(successes(limited.out())).isEqualTo(500);

        Qctl.Result once = qctl.run("work", "--queue", "counted", "--concurrency", "8", "--once", "--json");
        assertThat(once.exit()).as(once.err()).isZero();
        assertThat(successes(once.out())).isEqualTo(1);

        JsonNode sizes = Json.parse(
                        qctl.run("monitor", "--queue", "counted", "--json").out(), "monitor")
                .get(0);
        assertThat(sizes.path("pending").asLong()).isEqualTo(1499);
        assertThat(sizes.path("reserved").asLong()).isZero();
    }

    @Test
    void aPausedWorkerHandsBackWhatItHeldAhead() throws Exception {
        Qctl qctl = new Qctl(dir);
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"job\":\"noop\",\"data\":{\"ms\":1}}\n".repeat(10_000));
        assertThat(qctl.run(
                                "dispatch",
                                "--queue",
                                "paused",
                                "--from",
                                dir.resolve("jobs.jsonl").toString())
                        .exit())
                .isZero();

        Qctl.Running worker = qctl.start("work", "--queue", "paused", "--concurrency", "2", "--json");
        await("500 jobs done").atMost(Duration.ofSeconds(60)).until(() -> successes(worker.stdout()) >= 500);
        worker.signal("USR2");
        await("the held jobs handed back")
                .atMost(Duration.ofSeconds(10))
                .until(() -> worker.stdout().contains("\"status\":\"handed_back\""));
        await("nothing reserved by the paused worker")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    JsonNode sizes = Json.parse(
                                    qctl.run("monitor", "--queue", "paused", "--json")
                                            .out(),
                                    "monitor")
                            .get(0);
                    assertThat(sizes.path("reserved").asLong()).isZero();
                });
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(30))).as(worker.stderr()).isZero();
    }

    @Test
    void longJobsAreSharedBetweenWorkersNotHoarded() throws Exception {
        Qctl qctl = new Qctl(dir);
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"job\":\"noop\",\"data\":{\"ms\":700}}\n".repeat(8));
        assertThat(qctl.run(
                                "dispatch",
                                "--queue",
                                "slow",
                                "--from",
                                dir.resolve("jobs.jsonl").toString())
                        .exit())
                .isZero();
        Qctl.Running first = qctl.start("work", "--queue", "slow", "--json", "--stop-when-empty", "--sleep", "0.1");
        Qctl.Running second = qctl.start("work", "--queue", "slow", "--json", "--stop-when-empty", "--sleep", "0.1");

        assertThat(first.waitFor(Duration.ofSeconds(60))).as(first.stderr()).isZero();
        assertThat(second.waitFor(Duration.ofSeconds(60))).as(second.stderr()).isZero();
        assertThat(successes(first.stdout()) + successes(second.stdout())).isEqualTo(8);
        assertThat(successes(first.stdout())).isBetween(3L, 5L);
        assertThat(successes(second.stdout())).isBetween(3L, 5L);
    }

    private static long successes(String stdout) {
        return stdout.lines().filter(l -> l.contains("\"status\":\"success\"")).count();
    }

    private static List<JsonNode> jsonLines(String stdout) {
        return stdout.lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> Json.parse(l, "worker output"))
                .toList();
    }
}
