package dev.qctl.sql;

import dev.qctl.base.StoreUnavailableException;
import dev.qctl.queue.AppRestartSignal;
import dev.qctl.queue.LaravelCache;
import dev.qctl.queue.PhpCacheValue;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Laravel's database cache store ({@code cache(key, value, expiration)}), for its restart entry.
 * Written as {@code DatabaseStore::forever} does: PHP-serialized, expiring in ten years.
 */
final class SqlLaravelCache implements AppRestartSignal {
    /** Laravel's {@code forever}: 315,360,000 seconds. */
    private static final long FOREVER = 315_360_000L;

    private final SqlStore store;
    private final String table;
    private final String key;
    private final String keyColumn;

    SqlLaravelCache(SqlStore store, LaravelCache cache) {
        this.store = store;
        this.table = cache.table();
        this.key = cache.restartKey();
        this.keyColumn = store.dialect.quoted("key");
        try {
            read();
        } catch (StoreUnavailableException e) {
            throw new StoreUnavailableException(
                    "cannot read Laravel's cache table '" + table + "' (laravel: cache_table:): " + e.getMessage(), e);
        }
    }

    @Override
    public long read() {
        return store.read(c -> {
            String sql = "SELECT value, expiration - " + store.dialect.epochNow() + " FROM " + table + " WHERE "
                    + keyColumn + " = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    // an expired entry is absent to Laravel too
                    return rs.next() && rs.getLong(2) > 0 ? PhpCacheValue.read(rs.getString(1)) : 0L;
                }
            }
        });
    }

    @Override
    public void write(long signal) {
        store.tx(c -> {
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM " + table + " WHERE " + keyColumn + " = ?")) {
                delete.setString(1, key);
                delete.executeUpdate();
            }
            String insert = "INSERT INTO " + table + " (" + keyColumn + ", value, expiration) VALUES (?, ?, "
                    + store.dialect.epochNow() + " + ?)";
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, key);
                ps.setString(2, PhpCacheValue.serialized(signal));
                ps.setLong(3, FOREVER);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
