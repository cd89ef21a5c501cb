package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Done when 6: rows as Laravel 8+ writes them ({@code Bus::batch} in job_batches, its failed jobs in
 * failed_jobs with the batch id inside the serialized command) are listed, shown, retried by
 * uuid, cancelled and pruned by real qctl processes, on every SQL store.
 */
class LaravelBatchesIT {
    @TempDir
    Path dir;

    private final List<Qctl> harnesses = new ArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        for (Qctl q : harnesses) q.close();
    }

    static Stream<String> stores() {
        return BatchesIT.narrowed(
                Stream.of("sqlite", TestStores.postgresUrl(), TestStores.mysqlUrl(), TestStores.mariadbUrl()));
    }

    /** A Laravel queued-job payload whose serialized command carries the batch id, as Batchable does. */
    private static String payload(String uuid, String batchId) {
        return payload(uuid, batchId, "Illuminate\\Queue\\CallQueuedHandler@call");
    }

    private static String payload(String uuid, String batchId, String job) {
        String command =
                "O:20:\"App\\Jobs\\SyncMailbox\":2:{s:8:\"taxpayer\";i:42;s:7:\"batchId\";s:36:\"" + batchId + "\";}";
        var node = Json.MAPPER.createObjectNode();
        node.put("uuid", uuid)
                .put("displayName", "App\\Jobs\\SyncMailbox")
                .put("job", job)
                .putNull("maxTries")
                .putNull("maxExceptions")
                .put("failOnTimeout", false)
                .putNull("backoff")
                .putNull("timeout")
                .putNull("retryUntil");
        node.putObject("data").put("commandName", "App\\Jobs\\SyncMailbox").put("command", command);
        return Json.write(node);
    }

    /** Laravel's PendingBatch options, PHP-serialized (closures left out), base64 on PostgreSQL as Laravel does. */
    private static String options(boolean postgres) {
        String php = "a:3:{s:13:\"allowFailures\";b:1;s:5:\"queue\";s:4:\"mail\";s:4:\"then\";a:0:{}}";
        return postgres ? Base64.getEncoder().encodeToString(php.getBytes(StandardCharsets.UTF_8)) : php;
    }

    /** A job_batches row as Laravel's DatabaseBatchRepository::store and add() leave it. */
    private static void insertBatch(Connection c, String id, int jobs, String phpOptions, boolean postgres)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_batches (id, name, total_jobs, pending_jobs,"
                + " failed_jobs, failed_job_ids, options, cancelled_at, created_at, finished_at)"
                + " VALUES (?, 'Sync mailboxes', ?, ?, 0, '[]', ?, NULL, ?, NULL)")) {
            ps.setString(1, id);
            ps.setInt(2, jobs);
            ps.setInt(3, jobs);
            ps.setString(
                    4,
                    postgres
                            ? Base64.getEncoder().encodeToString(phpOptions.getBytes(StandardCharsets.UTF_8))
                            : phpOptions);
            ps.setLong(5, Instant.now().getEpochSecond());
            ps.executeUpdate();
        }
    }

    /** A jobs row as Laravel's DatabaseQueue::pushToDatabase writes it. */
    private static void insertJob(Connection c, String queue, String payload) throws SQLException {
        long now = Instant.now().getEpochSecond();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue, payload, attempts, reserved_at,"
                + " available_at, created_at) VALUES (?, ?, 0, NULL, ?, ?)")) {
            ps.setString(1, queue);
            ps.setString(2, payload);
            ps.setLong(3, now);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
    }

    private static JsonNode batchRow(Qctl qctl, String store, String id) throws Exception {
        Qctl.Result shown = qctl.run("batches", "show", "-c", store, id, "--json");
        assertThat(shown.exit()).as(shown.err()).isZero();
        return Json.parse(shown.out(), "batch");
    }

    /**
     * Issue 18: Laravel's batched jobs (the batch id only inside the serialized command) that a
     * qctl worker completes or fails move their job_batches row as Laravel's
     * recordSuccessfulJob/recordFailedJob do: a success takes one off pending, a failure adds one
     * to failed and its uuid to failed_job_ids (pending stays), and without allowFailures the
     * first failure cancels the batch.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void laravelBatchedJobsThatAQctlWorkerEndsAreCountedInTheirBatch(String which) throws Exception {
        Qctl qctl = new Qctl(dir);
        harnesses.add(qctl);
        String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("laravel.sqlite") : which;
        boolean postgres = store.startsWith("postgres");
        Qctl.Result migrated = qctl.run("migrate", "-c", store);
        assertThat(migrated.exit()).as(migrated.err()).isZero();

        String tolerant = UUID.randomUUID().toString();
        String strict = UUID.randomUUID().toString();
        String done = UUID.randomUUID().toString();
        String failed = UUID.randomUUID().toString();
        String cancelling = UUID.randomUUID().toString();
        String queue = "mail-" + tolerant.substring(0, 8);
        try (Connection c = LaravelFixtures.jdbc(store)) {
            insertBatch(c, tolerant, 2, "a:1:{s:13:\"allowFailures\";b:1;}", postgres);
            insertBatch(c, strict, 1, "a:0:{}", postgres);
            insertJob(c, queue, payload(done, tolerant, "noop")); // a job qctl can run
            insertJob(c, queue, payload(failed, tolerant)); // Laravel's own: no handler here, so it fails
            insertJob(c, queue, payload(cancelling, strict));
        }

        Qctl.Result worked = qctl.run("work", store, "--queue", queue, "--stop-when-empty");
        assertThat(worked.exit()).as(worked.err()).isZero();

        JsonNode t = batchRow(qctl, store, tolerant);
        assertThat(t.get("pendingJobs").asInt()).as("the success only: " + t).isEqualTo(1);
        assertThat(t.get("failedJobs").asInt()).isEqualTo(1);
        assertThat(t.get("failedJobIds")).hasSize(1);
        assertThat(t.get("failedJobIds").get(0).asText()).isEqualTo(failed);
        assertThat(t.get("cancelledAt").isNull()).as("failures allowed").isTrue();
        assertThat(t.get("finishedAt").isNull())
                .as("a failed job keeps its batch unfinished")
                .isTrue();

        JsonNode s = batchRow(qctl, store, strict);
        assertThat(s.get("pendingJobs").asInt()).isEqualTo(1);
        assertThat(s.get("failedJobs").asInt()).isEqualTo(1);
        assertThat(s.get("cancelledAt").isNull())
                .as("first failure cancels: " + s)
                .isFalse();

        try (Connection c = LaravelFixtures.jdbc(store);
                PreparedStatement ps = c.prepareStatement("SELECT uuid FROM failed_jobs WHERE queue = ?")) {
            ps.setString(1, queue);
            List<String> uuids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) uuids.add(rs.getString(1));
            }
            assertThat(uuids).containsExactlyInAnyOrder(failed, cancelling);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void laravelsOwnBatchRowsAreListedShownRetriedCancelledAndPruned(String which) throws Exception {
        Qctl qctl = new Qctl(dir);
        harnesses.add(qctl);
        String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("laravel.sqlite") : which;
        Qctl.Result migrated = qctl.run("migrate", "-c", store);
        assertThat(migrated.exit()).as(migrated.err()).isZero();

        String batchId = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        String u1 = UUID.randomUUID().toString();
        String u2 = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String queue = "mail-" + batchId.substring(0, 8);
        long now = Instant.now().getEpochSecond();
        try (Connection c = LaravelFixtures.jdbc(store)) {
            String insertBatch = "INSERT INTO job_batches (id, name, total_jobs, pending_jobs, failed_jobs,"
                    + " failed_job_ids, options, cancelled_at, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL)";
            try (PreparedStatement ps = c.prepareStatement(insertBatch)) {
                ps.setString(1, batchId);
                ps.setString(2, "Sync mailboxes");
                ps.setInt(3, 5);
                ps.setInt(4, 2);
                ps.setInt(5, 2);
                ps.setString(6, "[\"" + u1 + "\",\"" + u2 + "\"]");
                ps.setString(7, options(store.startsWith("postgres")));
                ps.setLong(8, now - 30 * 3600);
                ps.executeUpdate();
                ps.setString(1, fresh);
                ps.setString(2, "Fresh");
                ps.setInt(3, 1);
                ps.setInt(4, 1);
                ps.setInt(5, 0);
                ps.setString(6, "[]");
                ps.setLong(8, now - 10);
                ps.executeUpdate();
            }
            // failed_at as Laravel leaves it: the column's CURRENT_TIMESTAMP default
            String insertFailed = "INSERT INTO failed_jobs (uuid, connection, queue, payload, exception)"
                    + " VALUES (?, 'database', ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(insertFailed)) {
                for (String uuid : List.of(u1, u2, other)) {
                    ps.setString(1, uuid);
                    ps.setString(2, queue);
                    ps.setString(
                            3,
                            payload(uuid, uuid.equals(other) ? UUID.randomUUID().toString() : batchId));
                    ps.setString(
                            4,
                            "Exception: mailbox " + uuid.substring(0, 4)
                                    + " unreachable in /app/Jobs/SyncMailbox.php:31\n" + "Stack trace:\n#0 {main}");
                    ps.executeUpdate();
                }
            }
        }

        JsonNode listed = Json.parse(
                qctl.run("batches", "-c", store, "--per-page", "100", "--json").out(), "batches");
        JsonNode b = null;
        for (JsonNode n : listed) if (n.get("id").asText().equals(batchId)) b = n;
        assertThat(b).as("listed: " + listed).isNotNull();
        assertThat(b.get("name").asText()).isEqualTo("Sync mailboxes");
        assertThat(b.get("progress").asInt()).as("3 of 5 processed").isEqualTo(60);
        assertThat(b.get("failedJobs").asInt()).isEqualTo(2);
        assertThat(b.get("allowFailures").asBoolean())
                .as("read from Laravel's options")
                .isTrue();

        Qctl.Result shown = qctl.run("batches", "show", "-c", store, batchId);
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out())
                .contains(
                        u1,
                        u2,
                        "Exception: mailbox " + u1.substring(0, 4) + " unreachable in /app/Jobs/SyncMailbox.php:31")
                .doesNotContain("Stack trace")
                .doesNotContain(other);
        assertThat(qctl.run("failed", "-c", store).out()).contains(batchId);

        Qctl.Result retried = qctl.run("batches", "retry", "-c", store, batchId);
        assertThat(retried.exit()).as(retried.err()).isZero();
        try (Connection c = LaravelFixtures.jdbc(store)) {
            List<String> requeued = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM jobs WHERE queue = ?")) {
                ps.setString(1, queue);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        requeued.add(
                                Json.parse(rs.getString(1), "p").get("uuid").asText());
                }
            }
            assertThat(requeued).containsExactlyInAnyOrder(u1, u2);
            List<String> stillFailed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT uuid FROM failed_jobs WHERE queue = ?")) {
                ps.setString(1, queue);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) stillFailed.add(rs.getString(1));
                }
            }
            assertThat(stillFailed).containsExactly(other);
        }

        Qctl.Result cancelled = qctl.run("batches", "cancel", "-c", store, batchId);
        assertThat(cancelled.exit()).as(cancelled.err()).isZero();
        // the connection may also come before the subcommand's name
        JsonNode after = Json.parse(
                qctl.run("batches", "-c", store, "show", batchId, "--json").out(), "b");
        assertThat(after.get("cancelledAt").isNull()).isFalse();

        Qctl.Result unknown =
                qctl.run("batches", "cancel", "-c", store, UUID.randomUUID().toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no batch with id").doesNotContain("Exception");

        Qctl.Result pruned = qctl.run("batches", "prune", "-c", store, "--hours", "24", "--cancelled", "24", "--force");
        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(qctl.run("batches", "show", "-c", store, batchId).exit())
                .as("the cancelled, 30-hour-old row is gone")
                .isEqualTo(1);
        assertThat(qctl.run("batches", "show", "-c", store, fresh).exit())
                .as("a fresh unfinished one stays")
                .isZero();
        Qctl.Result prunedUnfinished =
                qctl.run("batches", "prune", "-c", store, "--hours", "24", "--unfinished", "0", "--force");
        assertThat(prunedUnfinished.exit()).as(prunedUnfinished.err()).isZero();
        assertThat(qctl.run("batches", "show", "-c", store, fresh).exit()).isEqualTo(1);
    }
}
