package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18: with {@code unknown_jobs: release}, a qctl worker on a queue it shares with Laravel's
 * workers hands a Laravel job (no handler here) back untouched, its attempt not spent, does not
 * take it again and again while it waits for another worker, and runs its own jobs once that
 * worker has taken it.
 */
class UnknownJobsIT {
    @TempDir
    Path dir;

    private final List<Qctl> harnesses = new ArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        for (Qctl q : harnesses) q.close();
    }

    static Stream<String> stores() {
        return BatchesIT.narrowed(Stream.of(
                "sqlite",
                TestStores.postgresUrl(),
                TestStores.mysqlUrl(),
                TestStores.mariadbUrl(),
                TestStores.redisUrl()));
    }

    private static void awaitLine(Qctl.Running worker, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!worker.stdout().contains(status) && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(worker.stdout()).as(worker.stderr()).contains(status);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aJobWithNoHandlerHereIsLeftForAnotherWorkerWithItsAttemptUnspent(String which) throws Exception {
        Path config = dir.resolve("qctl.yml");
        Files.writeString(config, "defaults: {unknown_jobs: release}\nhandlers:\n  hello: {exec: [\"true\"]}\n");
        Qctl qctl = new Qctl(dir, Map.of("QCTL_CONFIG", config.toString()));
        harnesses.add(qctl);
        String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("laravel.sqlite") : which;
        boolean redis = store.startsWith("redis");
        Qctl.Result migrated = qctl.run("migrate", "-c", store);
        assertThat(migrated.exit()).as(migrated.err()).isZero();

        String uuid = UUID.randomUUID().toString();
        String queue = "shared-" + uuid.substring(0, 8);
        String laravel;
        if (redis) {
            laravel = LaravelFixtures.redisPayload(LaravelFixtures.jobPayload(uuid, "App\\Jobs\\SyncMailbox"));
            LaravelFixtures.redis(store, c -> {
                c.sync().rpush("queues:" + queue, laravel);
                return c.sync().rpush("queues:" + queue + ":notify", "1");
            });
        } else {
            laravel = Json.write(LaravelFixtures.jobPayload(uuid, "App\\Jobs\\SyncMailbox"));
            try (Connection c = LaravelFixtures.jdbc(store)) {
                LaravelFixtures.insertJob(c, queue, laravel);
            }
        }
        Qctl.Result own = qctl.run("dispatch", "-c", store, "--queue", queue, "hello");
        assertThat(own.exit()).as(own.err()).isZero();

        Qctl.Running worker = qctl.start("work", store, "--queue", queue, "--sleep", "1");
        awaitLine(worker, "LEFT");
        Thread.sleep(3000); // well past --sleep: a worker that took the job straight back would have by now

        if (redis) {
            List<String> waiting = LaravelFixtures.redis(store, c -> c.sync().lrange("queues:" + queue, 0, -1));
            assertThat(waiting)
                    .as("back as Laravel pushed it, attempts 0, at the head")
                    .startsWith(laravel);
            long reserved = LaravelFixtures.redis(store, c -> c.sync().zcard("queues:" + queue + ":reserved"));
            assertThat(reserved).isZero();
            // Laravel's worker takes it
            LaravelFixtures.redis(store, c -> c.sync().lrem("queues:" + queue, 1, laravel));
        } else {
            try (Connection c = LaravelFixtures.jdbc(store)) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT payload, attempts, reserved_at FROM jobs WHERE queue = ? AND payload = ?")) {
                    ps.setString(1, queue);
                    ps.setString(2, laravel);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next())
                                .as("the Laravel job is still queued, unchanged")
                                .isTrue();
                        assertThat(rs.getInt(2)).as("its attempt not spent").isZero();
                        assertThat(rs.getObject(3)).as("not reserved").isNull();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM jobs WHERE queue = ? AND payload = ?")) {
                    ps.setString(1, queue);
                    ps.setString(2, laravel);
                    assertThat(ps.executeUpdate())
                            .as("Laravel's worker takes it")
                            .isEqualTo(1);
                }
            }
        }
        awaitLine(worker, "DONE");
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(30))).as(worker.stderr()).isZero();

        assertThat(worker.stdoutLines().stream().filter(l -> l.contains("DONE")))
                .as("qctl's own job ran: " + worker.stdout())
                .hasSize(1);
        assertThat(worker.stdoutLines().stream().filter(l -> l.contains("LEFT")))
                .as("handed back once, not in a loop: " + worker.stdout())
                .hasSize(1);
        assertThat(worker.stderr()).contains("no handler named 'Illuminate\\Queue\\CallQueuedHandler@call' here");
        JsonNode failed = Json.parse(qctl.run("failed", "-c", store, "--json").out(), "failed");
        for (JsonNode f : failed) assertThat(f.path("uuid").asText()).isNotEqualTo(uuid);
    }
}
