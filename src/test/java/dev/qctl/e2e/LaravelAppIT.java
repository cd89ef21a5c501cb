package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18 against a real Laravel 8 app ({@link LaravelApp}) and real {@code php artisan}
 * processes: the restart signal is shared through Laravel's cache both ways, and {@code qctl work}
 * runs the app's jobs through the shipped {@code qctl:fire} command, its failures readable and
 * retryable by {@code queue:failed} / {@code queue:retry}. Restart on SQLite (database queue and
 * cache) and on Redis (queue and cache on Redis, failed jobs in the database, as Laravel arranges
 * them); failures and batches on SQLite.
 */
class LaravelAppIT {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private LaravelApp app;
    private Qctl qctl;
    private String connection;
    private final String queue = "app-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stop() throws InterruptedException {
        if (qctl != null) qctl.close();
        if (app != null) app.close();
    }

    static Stream<String> stores() {
        return Stream.of("sqlite", "redis", "redis-cache-db");
    }

    /**
     * The Redis database of "redis-cache-db"'s cache: eight above the queue's (REDIS_CACHE_DB
     * differs from REDIS_DB), its keys under a cache prefix of the test's own.
     */
    private static String cacheDb(String redisUrl) {
        String path = java.net.URI.create(redisUrl.replaceFirst("\\?.*", "")).getPath();
        int db = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
        return Integer.toString((db + 8) % 16);
    }

    /** The app on {@code store}, and a qctl.yml naming its connections as Laravel's config does. */
    private void setUp(String store) throws Exception {
        Path database = dir.resolve("database.sqlite");
        String redisUrl = TestStores.redisUrl();
        app = switch (store) {
            case "redis" -> LaravelApp.onRedis(dir, database, redisUrl);
            case "redis-cache-db" -> LaravelApp.onRedis(dir, database, redisUrl, cacheDb(redisUrl));
            default -> LaravelApp.onSqlite(dir, database);
        };
        StringBuilder yml = new StringBuilder("connections:\n");
        yml.append("  database:\n    url: \"sqlite:").append(database).append("\"\n");
        String base = redisUrl.contains("?") ? redisUrl.substring(0, redisUrl.indexOf('?')) : redisUrl;
        if (store.equals("redis")) {
            yml.append("  redis:\n    url: \"").append(base).append("?prefix=laravel_database_\"\n");
            yml.append("    failed: database\n    laravel: {cache: redis}\n");
            connection = "redis";
        } else if (store.equals("redis-cache-db")) {
            // Laravel's cache on its own Redis connection and database (REDIS_CACHE_DB): laravel.cache_connection
            String cacheBase = base.replaceFirst("/\\d*$", "") + "/" + cacheDb(redisUrl);
            yml.append("  redis:\n    url: \"").append(base).append("?prefix=laravel_database_\"\n");
            yml.append(
                            "    failed: database\n    laravel: {cache: redis, cache_connection: redis-cache, cache_prefix: ")
                    .append(app.env().get("CACHE_PREFIX"))
                    .append("}\n");
            yml.append("  redis-cache: \"").append(cacheBase).append("?prefix=laravel_database_\"\n");
            connection = "redis";
        } else {
            yml.append("    laravel: {cache: database}\n");
            connection = "database";
        }
        yml.append("handlers:\n  laravel-app:\n    exec: [php, \"")
                .append(app.artisan())
                .append("\", \"qctl:fire\"]\n    match: [\"App\\\\Jobs\\\\*\"]\n");
        Path config = dir.resolve("qctl.yml");
        Files.writeString(config, yml);
        Map<String, String> env = new HashMap<>(app.env());
        env.put("QCTL_CONFIG", config.toString());
        qctl = new Qctl(dir, env); // no qctl migrate: qctl adds its own tables to a SQLite file it opens
    }

    @ParameterizedTest
    @MethodSource("stores")
    void qctlWorkRunsLaravelsJobsAndArtisanQueueRestartStopsIt(String store) throws Exception {
        setUp(store);
        app.artisanOk("app:dispatch", "append", "first", "--queue=" + queue);
        app.artisanOk("app:dispatch", "secret", "hidden", "--queue=" + queue); // ShouldBeEncrypted

        Qctl.Running worker = qctl.start("work", connection, "--queue", queue, "--sleep", "1");
        app.awaitJobLine("first attempt=1", WITHIN);
        app.awaitJobLine("hidden attempt=1", WITHIN);
        Thread.sleep(1200); // a heartbeat tick past the job: the worker is idle and still running
        assertThat(worker.isAlive()).as(worker.stderr()).isTrue();

        assertThat(app.artisanOk("queue:restart")).contains("Broadcasting queue restart signal.");
        assertThat(worker.waitFor(WITHIN)).as(worker.stderr()).isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void qctlRestartStopsArtisanQueueWork(String store) throws Exception {
        setUp(store);
        app.artisanOk("app:dispatch", "append", "second", "--queue=" + queue);
        Process laravel = app.start(dir.resolve("laravel-worker.log"), "queue:work", "--queue=" + queue, "--sleep=1");
        app.awaitJobLine("second attempt=1", WITHIN);
        assertThat(laravel.isAlive()).isTrue();

        Qctl.Result restart = qctl.run("restart", "-c", connection);
        assertThat(restart.exit()).as(restart.err()).isZero();
        assertThat(laravel.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS))
                .as(Files.readString(dir.resolve("laravel-worker.log")))
                .isTrue();
        assertThat(laravel.exitValue()).isZero();
        String stored = switch (store) {
            case "redis" ->
                LaravelFixtures.redis(
                        TestStores.redisUrl(),
                        c -> c.sync().get("laravel_database_laravel_cache:illuminate:queue:restart"));
            case "redis-cache-db" ->
                LaravelFixtures.redis(
                        TestStores.redisUrl().replaceFirst("\\?.*", "").replaceFirst("/\\d*$", "") + "/"
                                + cacheDb(TestStores.redisUrl()),
                        c -> c.sync()
                                .get("laravel_database_" + app.env().get("CACHE_PREFIX")
                                        + ":illuminate:queue:restart"));
            default -> sqliteCacheValue("laravel_cacheilluminate:queue:restart");
        };
        assertThat(stored)
                .as("as Laravel's store writes an int, in the cache's own database")
                .matches(store.equals("sqlite") ? "i:\\d+;" : "\\d+");
    }

    /** SQLite only, for time: a Redis queue's failures land in the same database table (FailedStoreElsewhereIT). */
    @Test
    void aLaravelJobThatFailsUnderQctlIsListedAndRetriedByArtisan() throws Exception {
        String store = "sqlite";
        setUp(store);
        Files.createFile(app.failFlag());
        app.artisanOk("app:dispatch", "fail", "thing", "--queue=" + queue);
        // on SQLite the batch row is in the queue's own store, where qctl counts Laravel's batches
        String batch = store.equals("sqlite")
                ? app.artisanOk("app:dispatch", "batch", "b", "--queue=" + queue)
                        .strip()
                : null;

        Qctl.Result work = qctl.run("work", connection, "--queue", queue, "--stop-when-empty", "--tries", "1");
        assertThat(work.exit()).as(work.err()).isZero();
        String failed = app.artisanOk("queue:failed");
        assertThat(failed)
                .contains("App\\Jobs\\FailingJob")
                .contains(connection)
                .contains(queue);
        assertThat(sqliteCount(
                        "SELECT count(*) FROM failed_jobs WHERE exception LIKE '%RuntimeException: cannot thing%'"))
                .isEqualTo(1);

        Files.delete(app.failFlag());
        app.artisanOk("queue:retry", "all");
        app.artisanOk("queue:work", "--once", "--queue=" + queue);
        assertThat(app.jobLines()).contains("thing recovered");
        assertThat(sqliteCount("SELECT count(*) FROM failed_jobs")).isZero();
    }

    private String sqliteCacheValue(String key) throws Exception {
        try (Connection c = LaravelFixtures.jdbc("sqlite:" + dir.resolve("database.sqlite"));
                PreparedStatement ps = c.prepareStatement("SELECT value FROM cache WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private long sqliteCount(String sql) throws Exception {
        try (Connection c = LaravelFixtures.jdbc("sqlite:" + dir.resolve("database.sqlite"));
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
