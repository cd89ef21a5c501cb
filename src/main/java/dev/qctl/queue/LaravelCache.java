package dev.qctl.queue;

/**
 * Where a Laravel app keeps its cache, so qctl can share the restart signal that
 * {@code php artisan queue:restart} writes there ({@code illuminate:queue:restart}).
 * Defaults are Laravel 8's: table {@code cache}, prefix {@code laravel_cache}.
 *
 * @param store  Laravel's cache driver: {@code database} (a table in a SQL store) or {@code redis}
 * @param table  the database store's table
 * @param prefix Laravel's {@code cache.prefix}; the Redis store puts a {@code :} after it, the database store does not
 */
public record LaravelCache(String store, String table, String prefix) {
    public static final String DATABASE = "database";
    public static final String REDIS = "redis";
    public static final String DEFAULT_TABLE = "cache";
    public static final String DEFAULT_PREFIX = "laravel_cache";
    /** The key Laravel's {@code queue:restart} writes and its workers poll. */
    public static final String RESTART_KEY = "illuminate:queue:restart";

    /** The restart key as the store keeps it (before any Redis connection prefix). */
    public String restartKey() {
        if (prefix.isEmpty()) return RESTART_KEY;
        return store.equals(REDIS) ? prefix + ":" + RESTART_KEY : prefix + RESTART_KEY;
    }
}
