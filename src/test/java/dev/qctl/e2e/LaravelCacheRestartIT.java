package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The restart entry of a Laravel database cache on MySQL, which {@link LaravelAppIT}
 * (SQLite) does not reach: a {@code cache} table as Laravel's {@code cache:table} migration makes
 * it (MySQL needs its {@code key} column quoted), a named table and prefix, and the row written
 * as {@code DatabaseStore::forever} writes it.
 */
class LaravelCacheRestartIT {
    @TempDir
    Path dir;

    static Stream<String> stores() {
        // MySQL, where the key column must be quoted, and PostgreSQL (SQLite's database cache is
        // LaravelAppIT's, with a real artisan); mariadb:// is MySQL's dialect
        return BatchesIT.narrowed(Stream.of(TestStores.mysqlUrl(), TestStores.postgresUrl()));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void qctlRestartWritesLaravelsRowAndAChangedRowStopsQctlWork(String store) throws Exception {
        String table = "cache_" + UUID.randomUUID().toString().substring(0, 8);
        boolean mysql = store.startsWith("mysql") || store.startsWith("mariadb");
        try (Connection c = LaravelFixtures.jdbc(store);
                Statement s = c.createStatement()) {
            // Laravel 8's cache.stub: string key primary, mediumText value, integer expiration
            s.execute(
                    mysql
                            ? "CREATE TABLE " + table
                                    + " (`key` varchar(255) NOT NULL PRIMARY KEY, value mediumtext NOT NULL,"
                                    + " expiration int NOT NULL)"
                            : "CREATE TABLE " + table + " (key varchar(255) NOT NULL PRIMARY KEY, value text NOT NULL,"
                                    + " expiration integer NOT NULL)");
        }
        try {
            Path config = dir.resolve("qctl.yml");
            Files.writeString(
                    config,
                    "connections:\n  database:\n    url: \"" + store + "\"\n    laravel: {cache: database,"
                            + " cache_table: " + table + ", cache_prefix: shop_cache}\n"
                            + "  typo:\n    url: \"" + store
                            + "\"\n    laravel: {cache: database, cache_table: no_such_cache}\n");
            Qctl qctl = new Qctl(dir, Map.of("QCTL_CONFIG", config.toString()));
            try (qctl) {
                assertThat(qctl.run("migrate", "-c", "database").exit()).isZero();
                Qctl.Result typo = qctl.run("restart", "-c", "typo");
                assertThat(typo.exit()).isEqualTo(3);
                assertThat(typo.errLines()).hasSize(1);
                assertThat(typo.err()).contains("Laravel's cache table 'no_such_cache'");
                Qctl.Result restart = qctl.run("restart", "-c", "database");
                assertThat(restart.exit()).as(restart.err()).isZero();
                String[] row = row(store, table, mysql);
                assertThat(row[0]).matches("i:\\d+;");
                long expiresIn = Long.parseLong(row[1]) - Instant.now().getEpochSecond();
                assertThat(expiresIn).as("forever: ten years").isBetween(315_360_000L - 60, 315_360_000L + 60);

                String queue = "cache-" + UUID.randomUUID().toString().substring(0, 8);
                Qctl.Running worker = qctl.start("work", "database", "--queue", queue, "--sleep", "1");
                awaitHeartbeat(store, queue); // its first read of the signals is behind it
                assertThat(worker.isAlive()).as(worker.stderr()).isTrue();
                try (Connection c = LaravelFixtures.jdbc(store);
                        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table)) {
                    assertThat(ps.executeUpdate()).isEqualTo(1); // php artisan cache:clear: a change, as for Laravel
                }
                assertThat(worker.waitFor(Duration.ofSeconds(20)))
                        .as(worker.stderr())
                        .isZero();
            }
        } finally {
            try (Connection c = LaravelFixtures.jdbc(store);
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + table);
            }
        }
    }

    /** Polls until the worker's first heartbeat, which its first read of the signals comes before. */
    private static void awaitHeartbeat(String store, String queue) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = LaravelFixtures.jdbc(store);
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM qctl_workers WHERE info LIKE ?")) {
                ps.setString(1, "%" + queue + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no heartbeat from the worker on " + queue);
    }

    private static String[] row(String store, String table, boolean mysql) throws Exception {
        String key = mysql ? "`key`" : "key";
        try (Connection c = LaravelFixtures.jdbc(store);
                PreparedStatement ps =
                        c.prepareStatement("SELECT value, expiration FROM " + table + " WHERE " + key + " = ?")) {
            ps.setString(1, "shop_cacheilluminate:queue:restart");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the row Laravel's workers read").isTrue();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }
}
