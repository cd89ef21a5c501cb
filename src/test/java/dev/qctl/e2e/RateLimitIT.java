package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
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
 * Issue 12, done-when 5, with a 5-second window instead of a minute (the limit takes any period;
 * the property is the same and the test takes a twelfth of the time): a limit of 50/5s, 6 worker
 * processes, 200 jobs, so still three full windows of waiting. At most 50 start in any 5 s window,
 * none fails, each starts on its first attempt (held-back jobs spend none), and the workers' CPU
 * stays low while they wait.
 */
class RateLimitIT {
    private static final int JOBS = 200;
    private static final int MAX = 50;
    private static final Duration WINDOW = Duration.ofSeconds(5);

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
    void sixWorkersShareOneLimitWithoutSpendingAttemptsOrCpu(String which) throws Exception {
        qctl = new Qctl(dir);
        String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("q.sqlite") : which;
        String queue = "limit-" + UUID.randomUUID().toString().substring(0, 8);
        String limit = "tax-api-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(
                dir.resolve("qctl.yml"),
                "limits:\n  " + limit + ": " + MAX + "/" + WINDOW.toSeconds() + "s\n"
                        + "handlers:\n  tax:\n    exec: [\"true\"]\n    limit: " + limit + "\n");
        if (!which.equals("sqlite"))
            assertThat(qctl.run("migrate", "-c", store).exit()).isZero();
        Path jobs = dir.resolve("jobs.jsonl");
        Files.write(jobs, Collections.nCopies(JOBS, "{\"job\":\"tax\"}"));
        Qctl.Result dispatched = qctl.run("dispatch", "-c", store, "--queue", queue, "--from", jobs.toString());
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();

        List<Qctl.Running> workers = new ArrayList<>();
        for (int i = 0; i < 6; i++)
            workers.add(qctl.start("work", "-c", store, "--queue", queue, "--tries", "1", "--sleep", "1", "--json"));
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> starts(workers).size() >= JOBS);
        double cpu = 0;
        for (Qctl.Running w : workers) cpu += cpuSeconds(w.pid());
        long wallStart = starts(workers).getFirst().toInstant().toEpochMilli();

        for (Qctl.Running w : workers) w.signal("TERM");
        for (Qctl.Running w : workers)
            assertThat(w.waitFor(Duration.ofSeconds(60))).as(w.stderr()).isZero();

        List<OffsetDateTime> starts = starts(workers);
        assertThat(starts).hasSize(JOBS);
        int most = 0;
        for (int i = 0; i < starts.size(); i++) {
            OffsetDateTime end = starts.get(i).plus(WINDOW);
            int n = 0;
            for (int j = i; j < starts.size() && starts.get(j).isBefore(end); j++) n++;
            most = Math.max(most, n);
        }
        assertThat(most)
                .as("starts in the busiest " + WINDOW.toSeconds() + " s window")
                .isLessThanOrEqualTo(MAX);
        for (Qctl.Running w : workers)
            for (JsonNode line : lines(w))
                if (line.path("status").asText().equals("starting"))
                    assertThat(line.path("attempts").asLong())
                            .as("first attempt")
                            .isEqualTo(1);
        Qctl.Result failed = qctl.run("failed", "-c", store, "--json");
        assertThat(failed.exit()).as(failed.err()).isZero();
        for (JsonNode f : Json.parse(failed.out(), "failed"))
            assertThat(f.path("queue").asText()).as("a failed job of this test").isNotEqualTo(queue);
        // 200 jobs at 50 per window take three waits of 5 s
        double seconds = (starts.getLast().toInstant().toEpochMilli() - wallStart) / 1000.0;
        System.out.printf(
                "rate limit on %s: busiest window %d, %.1f s of starts, worker CPU %.1f s%n",
                which, most, seconds, cpu);
        assertThat(seconds).as("the limit held jobs back").isGreaterThanOrEqualTo(3 * WINDOW.toSeconds() - 1);
        // six JVMs starting and 200 short jobs on a loaded 2-core machine: 13-24 s measured at load
        // 20 (400 jobs took 18-32 s against a bound of 48); a loop polling for the window would
        // add up to both cores for the ~15 s of waiting, so the bound shrinks with the waiting
        assertThat(cpu).as("CPU seconds of all six workers").isLessThan(6 * 6.0);
        qctl.run("clear", "-c", store, "--queue", queue, "--force");
    }

    private static List<OffsetDateTime> starts(List<Qctl.Running> workers) {
        List<OffsetDateTime> all = new ArrayList<>();
        for (Qctl.Running w : workers)
            for (JsonNode line : lines(w))
                if (line.path("status").asText().equals("starting"))
                    all.add(OffsetDateTime.parse(line.path("timestamp").asText()));
        Collections.sort(all);
        return all;
    }

    private static List<JsonNode> lines(Qctl.Running w) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : w.stdoutLines()) {
            if (!l.startsWith("{")) continue;
            try {
                out.add(Json.parse(l, "worker line"));
            } catch (RuntimeException partial) {
                // the line being written right now
            }
        }
        return out;
    }

    /** User + system CPU seconds of a live process, from /proc (clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}
