package dev.qctl.config;

import dev.qctl.base.UsageException;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.LaravelCache;
import java.util.function.Function;

/**
 * Turns what the user named — a URL, or a connection name from qctl.yml — into the URL to
 * open. Precedence: an explicit value (positional or --connection), then
 * {@code $QCTL_CONNECTION}, then the file's default connection, then the embedded SQLite file.
 */
public final class Connections {
    private Connections() {}

    /**
     * @param name null for an unnamed URL
     * @param pool the configured pool size, or null
     * @param laravelCache the Laravel cache whose restart entry this connection shares, or null
     * @param cacheStore the connection that cache lives in; null = this one
     * @param batchStore the connection whose job_batches holds this one's Laravel batches; null = this one
     */
    public record Resolved(
            String name,
            ConnectionUrl url,
            Integer pool,
            Resolved failedStore,
            LaravelCache laravelCache,
            Resolved cacheStore,
            Resolved batchStore) {
        public Resolved(String name, ConnectionUrl url, Integer pool) {
            this(name, url, pool, null, null, null, null);
        }

        public int poolSize(int wanted) {
            return pool == null ? wanted : Math.max(pool, wanted);
        }
    }

    /**
     * Laravel's own connection names, which artisan habits type ({@code qctl work redis}). qctl
     * does not guess them from a Laravel app's .env (its settings are spread over many keys and
     * cached config); it says what to type instead.
     */
    private static final java.util.Map<String, String> LARAVEL_EXAMPLES = java.util.Map.of(
            "redis", "-c redis://127.0.0.1:6379/0",
            "database", "-c postgres://user@host:5432/db or -c mysql://user@host:3306/db",
            "sqlite", "-c sqlite:database/database.sqlite",
            "mysql", "-c mysql://user@host:3306/db",
            "pgsql", "-c postgres://user@host:5432/db");

    public static Resolved resolve(String explicit, QctlConfig config, Function<String, String> env) {
        if (explicit != null && !explicit.isBlank()) return named(explicit, config, env, "--connection");
        String fromEnv = env.apply("QCTL_CONNECTION");
        if (fromEnv != null && !fromEnv.isBlank()) return named(fromEnv, config, env, "$QCTL_CONNECTION");
        if (config.defaultConnection() != null) return named(config.defaultConnection(), config, env, "default");
        return new Resolved(null, Stores.embeddedDefault(), null);
    }

    /** A URL (it has a ':') or the name of a connection in qctl.yml. */
    public static Resolved named(String text, QctlConfig config, Function<String, String> env, String source) {
        if (text.indexOf(':') >= 0) return new Resolved(null, Stores.parse(text), null);
        NamedConnection connection = config.connections().get(text);
        ConfigException unusable = config.unusable().get(text);
        if (connection == null && unusable != null) throw unusable;
        if (connection == null) {
            String where = config.exists()
                    ? "in " + config.file() + " (known: "
                            + (config.connections().isEmpty()
                                    ? "none"
                                    : String.join(", ", config.connections().keySet()))
                            + ")"
                    : "because no qctl.yml was found";
            String hint = LARAVEL_EXAMPLES.containsKey(text)
                    ? "; qctl does not read Laravel's .env: pass a URL (" + LARAVEL_EXAMPLES.get(text)
                            + ") or name it in qctl.yml (connections: {" + text + ": {url: \"…\"}})"
                    : "";
            throw new UsageException(source + " '" + text + "' is not a URL and names no connection " + where + hint);
        }
        Resolved failedStore = null;
        if (connection.failed() != null) {
            if (connection.failed().equals(connection.name())) {
                throw new UsageException("connection '" + text + "': failed: names the connection itself");
            }
            failedStore = named(connection.failed(), config, env, "connection '" + text + "' failed:");
            if (!Stores.canRecordFailuresOfOthers(failedStore.url()) || failedStore.failedStore() != null) {
                throw new UsageException(
                        "connection '" + text + "': failed: must name a SQL connection with a failed_jobs table");
            }
        }
        Resolved cacheStore = null;
        if (connection.laravelCacheConnection() != null
                && !connection.laravelCacheConnection().equals(connection.name())) {
            cacheStore = named(
                    connection.laravelCacheConnection(),
                    config,
                    env,
                    "connection '" + text + "' laravel.cache_connection:");
        }
        Resolved batchStore = null;
        if (connection.laravelBatches() != null) {
            if (connection.laravelBatches().equals(connection.name()))
                throw new UsageException("connection '" + text + "': laravel.batches: names the connection itself");
            batchStore = named(connection.laravelBatches(), config, env, "connection '" + text + "' laravel.batches:");
            if (!Stores.canRecordFailuresOfOthers(batchStore.url()) || batchStore.batchStore() != null)
                throw new UsageException("connection '" + text
                        + "': laravel.batches: must name a SQL connection with a job_batches table");
        }
        return new Resolved(
                connection.name(),
                connection.resolve(env),
                connection.pool(),
                failedStore,
                connection.laravelCache(),
                cacheStore,
                batchStore);
    }
}
