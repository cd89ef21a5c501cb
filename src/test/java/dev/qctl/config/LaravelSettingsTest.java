package dev.qctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.queue.LaravelCache;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * qctl.yml's Laravel settings: a connection's {@code laravel: {cache: …, batches: …}} and a
 * handler's {@code match:} and {@code on_failure:}.
 */
class LaravelSettingsTest {
    private static final Path FILE = Path.of("/srv/app/qctl.yml");
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    @Test
    void aConnectionNamesLaravelsCacheWithLaravelsDefaults() {
        QctlConfig config = loader.parse(FILE, """
                connections:
                  database: {url: "sqlite:db.sqlite", laravel: {cache: database}}
                  cache: "redis://127.0.0.1:6379/1?prefix=laravel_database_"
                  redis:
                    url: "redis://127.0.0.1:6379/0"
                    laravel: {cache: redis, cache_prefix: "", cache_connection: cache}
                """);
        LaravelCache database = config.connections().get("database").laravelCache();
        assertThat(database).isEqualTo(new LaravelCache("database", "cache", "laravel_cache"));
        assertThat(database.restartKey()).isEqualTo("laravel_cacheilluminate:queue:restart");
        NamedConnection redis = config.connections().get("redis");
        assertThat(redis.laravelCache().restartKey()).isEqualTo("illuminate:queue:restart");
        assertThat(redis.laravelCacheConnection()).isEqualTo("cache");
        assertThat(new LaravelCache("redis", "cache", "app_cache").restartKey())
                .as("the Redis store puts a colon after its prefix")
                .isEqualTo("app_cache:illuminate:queue:restart");
        assertThat(config.connections().get("cache").laravelCache()).isNull();

        Connections.Resolved resolved = Connections.named("redis", config, k -> null, "--connection");
        assertThat(resolved.cacheStore().name()).isEqualTo("cache");
    }

    @Test
    void badLaravelSettingsAreOneLineNamingTheKey() {
        assertThatThrownBy(() -> loader.parse(FILE, "connections:\n  a: {url: \"sqlite:a\", laravel: {}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("connections.a.laravel: has no cache:")
                .hasMessageContaining("nor batches:");
        assertThatThrownBy(() -> loader.parse(FILE, "connections:\n  a: {url: \"sqlite:a\", laravel: {cache: file}}\n"))
                .hasMessageContaining("connections.a.laravel.cache: must be database or redis");
        assertThatThrownBy(
                        () -> loader.parse(
                                FILE,
                                "connections:\n  a: {url: \"sqlite:a\", laravel: {cache: database, cache_table: \"x; drop\"}}\n"))
                .hasMessageContaining("connections.a.laravel.cache_table: must be a table name");
        assertThatThrownBy(() -> loader.parse(
                        FILE, "connections:\n  a: {url: \"sqlite:a\", laravel: {cache: database, ttl: 1}}\n"))
                .hasMessageContaining("ttl");
    }

    @Test
    void aRedisConnectionKeepsItsLaravelBatchesInASqlConnection() {
        QctlConfig config = loader.parse(FILE, """
                connections:
                  database: "sqlite:db.sqlite"
                  redis: {url: "redis://127.0.0.1:6379/0", failed: database, laravel: {batches: database}}
                  loop: {url: "redis://127.0.0.1:6379/0", laravel: {batches: loop}}
                  wrong: {url: "redis://127.0.0.1:6379/0", laravel: {batches: redis}}
                """);
        assertThat(config.connections().get("redis").laravelBatches()).isEqualTo("database");
        assertThat(config.connections().get("redis").laravelCache())
                .as("batches alone")
                .isNull();
        Connections.Resolved resolved = Connections.named("redis", config, k -> null, "--connection");
        assertThat(resolved.batchStore().name()).isEqualTo("database");
        assertThatThrownBy(() -> Connections.named("loop", config, k -> null, "--connection"))
                .hasMessageContaining("laravel.batches: names the connection itself");
        assertThatThrownBy(() -> Connections.named("wrong", config, k -> null, "--connection"))
                .hasMessageContaining("laravel.batches: must name a SQL connection with a job_batches table");
    }

    @Test
    void anExecHandlerHasAnOnFailureProgram() {
        QctlConfig config = loader.parse(FILE, """
                handlers:
                  app:
                    exec: [php, artisan, "qctl:fire"]
                    on_failure: [php, artisan, "qctl:fire", "--failed"]
                """);
        assertThat(config.handler("app").orElseThrow().onFailure())
                .containsExactly("php", "artisan", "qctl:fire", "--failed");
        assertThatThrownBy(() -> loader.parse(FILE, "handlers:\n  h: {http: {url: \"http://x\"}, on_failure: [x]}\n"))
                .hasMessageContaining("handlers.h.on_failure: is a program an exec: handler runs");
        assertThatThrownBy(() -> loader.parse(FILE, "handlers:\n  h: {exec: [x], on_failure: []}\n"))
                .hasMessageContaining("handlers.h.on_failure: must be a non-empty list");
    }

    @Test
    void aHandlerBindsLaravelJobsByMatch() {
        QctlConfig config = loader.parse(FILE, """
                handlers:
                  app: {exec: [php, artisan, "qctl:fire"], match: ["App\\\\Jobs\\\\*", "Illuminate\\\\Notifications\\\\SendQueuedNotifications"]}
                  one: {exec: [php, artisan, "qctl:fire"], match: "App\\\\Jobs\\\\SyncMailbox"}
                """);
        assertThat(config.handler("app").orElseThrow().match())
                .containsExactly("App\\Jobs\\*", "Illuminate\\Notifications\\SendQueuedNotifications");
        assertThat(config.handler("one").orElseThrow().match()).containsExactly("App\\Jobs\\SyncMailbox");
        assertThatThrownBy(() -> loader.parse(FILE, "handlers:\n  h: {http: {url: \"http://x\"}, match: \"A*\"}\n"))
                .hasMessageContaining("handlers.h.match: binds jobs to an exec: handler only");
    }
}
