package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18, first half, with real qctl processes: failed_jobs.connection holds the connection's
 * name as Laravel's {@code queue:retry} needs it, and {@code retry} sends each row back to the
 * connection it names, with the payload's bytes as Laravel wrote them but for the values a retry
 * must change.
 */
class LaravelRetryIT {
    @TempDir
    Path dir;

    private final List<Qctl> harnesses = new ArrayList<>();

    @AfterEach
    void closeAll() throws InterruptedException {
        for (Qctl q : harnesses) q.close();
    }

    static Stream<String> sqlStores() {
        return LaravelBatchesIT.stores();
    }

    static Stream<String> allStores() {
        return Stream.concat(sqlStores(), BatchesIT.narrowed(Stream.of(TestStores.redisUrl())));
    }

    private Qctl qctl() {
        Qctl qctl = new Qctl(dir);
        harnesses.add(qctl);
        return qctl;
    }

    private String store(String which) {
        if (which.equals("sqlite")) return "sqlite:" + dir.resolve("app.sqlite");
        if (which.startsWith("redis"))
            return which + (which.contains("?") ? "&" : "?") + "prefix=" + UUID.randomUUID() + ":";
        return which;
    }

    @ParameterizedTest
    @MethodSource("allStores")
    void failedJobsRecordTheConnectionsNameOrLaravelNameOrLaravelsDefault(String which) throws Exception {
        String store = store(which);
        String queue = "names-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve("qctl.yml"), """
                connections:
                  app: {url: "%1$s"}
                  lara: {url: "%1$s", laravel_name: pgsql}
                handlers:
                  boom: {exec: [sh, -c, "exit 3"], tries: 1}
                """.formatted(store));
        Qctl qctl = qctl();
        if (!store.startsWith("redis"))
            assertThat(qctl.run("migrate", "-c", "app").exit()).isZero();

        for (String connection : List.of("app", "lara", store)) {
            assertThat(qctl.run("dispatch", "boom", "--queue", queue, "-c", connection)
                            .exit())
                    .isZero();
            Qctl.Result worker =
                    qctl.run("work", "-c", connection, "--queue", queue, "--stop-when-empty", "--sleep", "0.1");
            assertThat(worker.exit()).as(worker.err()).isZero();
        }

        Set<String> recorded = new HashSet<>();
        for (JsonNode row : Json.parse(qctl.run("failed", "-c", "app", "--json").out(), "failed")) {
            if (row.get("queue").asText().equals(queue))
                recorded.add(row.get("connection").asText());
        }
        String laravelDefault = store.startsWith("redis") ? "redis" : "database";
        assertThat(recorded).containsExactlyInAnyOrder("app", "pgsql", laravelDefault);
        assertThat(qctl.run("flush", "-c", "app", "--force").exit()).isZero();
    }

    /**
     * A Laravel app with a Redis queue and a database failed_jobs (its default arrangement), as its
     * own worker leaves a failure there: connection {@code redis}, the Redis payload with attempts
     * in it, {@code /} escaped as json_encode does, non-ASCII as UTF-8 (JSON_UNESCAPED_UNICODE).
     */
    private static String laravelRedisPayload(long createdAt, long retryUntil) {
        return "{\"uuid\":\"" + UUID.randomUUID() + "\",\"displayName\":\"App\\\\Jobs\\\\SendInvoice\","
                + "\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"maxTries\":null,\"maxExceptions\":null,"
                + "\"failOnTimeout\":false,\"backoff\":null,\"timeout\":null,\"retryUntil\":" + retryUntil + ","
                + "\"data\":{\"commandName\":\"App\\\\Jobs\\\\SendInvoice\",\"command\":\"O:20:\\\"App\\\\Jobs\\\\SendInvoice\\\":1:"
                + "{s:3:\\\"url\\\";s:27:\\\"https:\\/\\/müller.example\\/€\\\";}\"},\"createdAt\":" + createdAt
                + ",\"delay\":null,\"id\":\"Xq3vR8kLmN2pT6wYzA1bC4dE7fG0hJ5s\",\"attempts\":3}";
    }

    /** A database-queue job as Laravel writes it: no attempts or id in the payload. */
    private static String laravelDatabasePayload() {
        return "{\"uuid\":\"" + UUID.randomUUID() + "\",\"displayName\":\"App\\\\Jobs\\\\Reindex\","
                + "\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"maxTries\":3,\"maxExceptions\":null,"
                + "\"failOnTimeout\":false,\"backoff\":\"10\",\"timeout\":null,\"retryUntil\":null,"
                + "\"data\":{\"commandName\":\"App\\\\Jobs\\\\Reindex\",\"command\":\"O:16:\\\"App\\\\Jobs\\\\Reindex\\\":1:"
                + "{s:4:\\\"path\\\";s:9:\\\"\\/srv\\/Größe\\\";}\"}}";
    }

    @ParameterizedTest
    @MethodSource("sqlStores")
    void retrySendsEachRowToTheConnectionItNamesAndKeepsUnknownOnes(String which) throws Exception {
        String store = store(which);
        String redis = store(TestStores.redisUrl());
        String prefix = redis.substring(redis.indexOf("prefix=") + "prefix=".length());
        String queue = "back-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve("qctl.yml"), """
                connections:
                  db: {url: "%s", laravel_name: database}
                  cache: {url: "%s", laravel_name: redis, failed: db}
                """.formatted(store, redis));
        Qctl qctl = qctl();
        assertThat(qctl.run("migrate", "-c", "db").exit()).isZero();
        // `retry all` below takes every row: start from an empty failed list on the shared server databases
        assertThat(qctl.run("flush", "-c", "db", "--force").exit()).isZero();
        long now = Instant.now().getEpochSecond();
        long created = now - 86_400;
        String fromRedis = laravelRedisPayload(created, created + 600);
        String fromDatabase = laravelDatabasePayload();
        try (Connection c = LaravelFixtures.jdbc(store)) {
            insertFailed(c, "redis", queue, fromRedis);
            insertFailed(c, "database", queue, fromDatabase);
            insertFailed(c, "sqs", queue, laravelDatabasePayload());
            // written by qctl before it recorded names: the store's kind, which goes back where it was read
            insertFailed(c, family(store), queue + "-old", laravelDatabasePayload());
        }

        Qctl.Result retried = qctl.run("retry", "-c", "db", "all");

        assertThat(retried.exit()).isEqualTo(1);
        assertThat(retried.errLines()).hasSize(1);
        assertThat(retried.err()).contains("[sqs]").contains("kept in the failed list");
        JsonNode left = Json.parse(qctl.run("failed", "-c", "db", "--json").out(), "failed");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("connection").asText()).isEqualTo("sqs");

        long retriedAt;
        RedisClient client = RedisClient.create(TestStores.redisUrl());
        try (StatefulRedisConnection<String, String> r = client.connect()) {
            List<String> onRedis = r.sync().lrange(prefix + "queues:" + queue, 0, -1);
            assertThat(onRedis).hasSize(1);
            String pushed = onRedis.getFirst();
            retriedAt = Json.parse(pushed, "job").get("createdAt").asLong();
            assertThat(retriedAt).isBetween(now, now + 120);
            assertThat(pushed)
                    .isEqualTo(fromRedis
                            .replace("\"attempts\":3", "\"attempts\":0")
                            .replace("\"retryUntil\":" + (created + 600), "\"retryUntil\":" + (retriedAt + 600))
                            .replace("\"createdAt\":" + created, "\"createdAt\":" + retriedAt));
            r.sync().del(prefix + "queues:" + queue, prefix + "queues:" + queue + ":notify");
        } finally {
            client.shutdown();
        }
        try (Connection c = LaravelFixtures.jdbc(store);
                PreparedStatement ps = c.prepareStatement("SELECT payload, attempts FROM jobs WHERE queue = ?")) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(fromDatabase);
                assertThat(rs.getInt(2)).isZero();
                assertThat(rs.next())
                        .as("only the database row goes to the jobs table")
                        .isFalse();
            }
        }
        qctl.run("clear", "-c", "db", "--queue", queue, "--force");
        qctl.run("flush", "-c", "db", "--force");
    }

    /** A --from line carrying a Laravel job for Laravel's workers gets the class as its displayName, as Laravel gives it. */
    @org.junit.jupiter.api.Test
    void aLaravelJobDispatchedFromAFileIsNamedByItsClass() throws Exception {
        Path lines = dir.resolve("jobs.jsonl");
        Files.writeString(
                lines,
                "{\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"queue\":\"mail\",\"data\":{\"commandName\":"
                        + "\"App\\\\Jobs\\\\SendInvoice\",\"command\":\"O:20:\\\"App\\\\Jobs\\\\SendInvoice\\\":0:{}\"}}\n"
                        + "{\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"queue\":\"mail\",\"data\":{"
                        + "\"command\":\"O:16:\\\"App\\\\Jobs\\\\Reindex\\\":0:{}\"}}\n");
        String store = store("sqlite");
        Qctl.Result dispatched = qctl().run("dispatch", "-c", store, "--from", lines.toString());
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();

        List<String> names = new ArrayList<>();
        try (Connection c = LaravelFixtures.jdbc(store);
                PreparedStatement ps = c.prepareStatement("SELECT payload FROM jobs ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                JsonNode p = Json.parse(rs.getString(1), "payload");
                assertThat(p.get("job").asText()).isEqualTo("Illuminate\\Queue\\CallQueuedHandler@call");
                names.add(p.get("displayName").asText());
            }
        }
        assertThat(names).containsExactly("App\\Jobs\\SendInvoice", "App\\Jobs\\Reindex");
    }

    /** What the README says: a Laravel SQLite file that qctl opens stays in WAL journal mode, even after a read. */
    @org.junit.jupiter.api.Test
    void aSqliteFileQctlOpensStaysInWalMode() throws Exception {
        String store = store("sqlite");
        Qctl qctl = qctl();
        assertThat(qctl.run("migrate", "-c", store).exit()).isZero();
        try (Connection c = LaravelFixtures.jdbc(store);
                var s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
        }

        assertThat(qctl.run("failed", "-c", store).exit()).isZero();

        try (Connection c = LaravelFixtures.jdbc(store);
                var s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    private static String family(String url) {
        if (url.startsWith("sqlite")) return "sqlite";
        return url.startsWith("postgres") ? "postgres" : "mysql";
    }

    private static void insertFailed(Connection c, String connection, String queue, String payload)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO failed_jobs (uuid, connection, queue, payload, exception) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, Json.parse(payload, "payload").get("uuid").asText());
            ps.setString(2, connection);
            ps.setString(3, queue);
            ps.setString(4, payload);
            ps.setString(5, "Exception: mailbox down in /var/www/app/Jobs/SendInvoice.php:42");
            ps.executeUpdate();
        }
    }
}
