package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.config.Stores;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19: two `retry all` at once push each failed job back once, Redis batching included (before, 5,000 failed jobs
 * became 5,204 on SQLite and 8,729 on PostgreSQL), and one unreadable failed record is skipped
 * with a one-line warning and kept, instead of aborting the run.
 */
class RetryAllRacesIT {
    private static final int FAILED = 5_000;

    @TempDir
    Path dir;

    private final List<Qctl> harnesses = new ArrayList<>();

    @AfterEach
    void closeHarnesses() throws InterruptedException {
        for (Qctl q : harnesses) q.close();
    }

    static Stream<String> stores() {
        return Stream.of("sqlite", TestStores.postgresUrl(), TestStores.redisUrl());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twoRetryAllAtOnceMakeEachJobOnceAndAnUnreadableRecordIsKept(String which) throws Exception {
        Qctl qctl = new Qctl(dir);
        harnesses.add(qctl);
        String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("q.sqlite") : which;
        String q = "retry-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(qctl.run("migrate", "-c", store).exit()).isZero();
        assertThat(qctl.run("flush", "-c", store, "--force").exit()).isZero(); // the server's failed list is shared
        // jobs no worker has a handler for fail at once, without running anything
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"job\":\"nosuch\",\"data\":{}}\n".repeat(FAILED));
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
        Qctl.Result failing =
                qctl.run("work", "-c", store, "--queue", q, "--concurrency", "10", "--stop-when-empty", "--quiet");
        assertThat(failing.exit()).as(failing.err()).isZero();
        try (QueueBackend backend = Stores.open(Stores.parse(store), 1)) {
            backend.failedJobs().record(backend.connectionName(), q, "{not json", "written by hand");
        }

        Qctl.Running first = qctl.start("retry", "-c", store, "all");
        Qctl.Running second = qctl.start("retry", "-c", store, "all");
        int firstExit = first.waitFor(Duration.ofMinutes(3));
        int secondExit = second.waitFor(Duration.ofMinutes(3));

        JsonNode sizes = Json.parse(
                        qctl.run("monitor", "-c", store, "--queue", q, "--json").out(), "monitor")
                .get(0);
        assertThat(sizes.path("size").asLong()).as("each failed job back once").isEqualTo(FAILED);
        JsonNode left = Json.parse(qctl.run("failed", "-c", store, "--json").out(), "failed");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("exception").asText()).isEqualTo("written by hand");
        assertThat(List.of(firstExit, secondExit))
                .as("the unreadable record is reported")
                .contains(1);
        String warnings = first.stderr() + second.stderr();
        assertThat(warnings).contains("cannot be retried").contains("kept in the failed list");
        assertThat(warnings).doesNotContain("Exception", "\tat ");
        qctl.run("clear", "-c", store, "--queue", q, "--force");
    }
}
