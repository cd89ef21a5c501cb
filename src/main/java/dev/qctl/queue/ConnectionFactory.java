package dev.qctl.queue;

import dev.qctl.config.ConnectionUrl;
import dev.qctl.redis.RedisQueueBackend;
import dev.qctl.sql.SqlQueueBackend;

/** Turns a connection URL into the backend that serves it. The only place that knows every backend. */
public final class ConnectionFactory {
    private ConnectionFactory() {}

    /**
     * Opens a connection ready for use: a SQLite file gets its tables on first use; a
     * database server must already have them ({@code qctl migrate}).
     *
     * @param poolSize connections the caller may use at once (the worker's concurrency)
     */
    public static QueueBackend open(ConnectionUrl url, int poolSize) {
        // one multiplexed Redis connection serves any number of concurrent callers
        if (url.kind() == ConnectionUrl.Kind.REDIS) return new RedisQueueBackend(url);
        SqlQueueBackend backend = new SqlQueueBackend(url, url.kind().label, poolSize);
        try {
            // a SQLite file gets its tables on first use (migrating takes the write lock, so only if missing)
            if (url.kind() == ConnectionUrl.Kind.SQLITE && !backend.hasTables()) backend.migrate();
            else backend.requireTables();
            return backend;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * Opens a resolved connection, with its failures recorded in another connection's
     * failed_jobs when qctl.yml says so ({@code failed: NAME}).
     */
    public static QueueBackend open(dev.qctl.config.Connections.Resolved resolved, int wanted) {
        QueueBackend queue = open(resolved.url(), resolved.poolSize(wanted));
        if (resolved.failedStore() == null) return queue;
        try {
            return new SeparateFailedStore(queue, open(resolved.failedStore().url(), resolved.failedStore().poolSize(2)));
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Opens a connection without checking its tables, for {@code qctl migrate}. */
    public static QueueBackend openForMigration(ConnectionUrl url) {
        if (url.kind() == ConnectionUrl.Kind.REDIS) return new RedisQueueBackend(url); // migrate() is a no-op
        return new SqlQueueBackend(url, url.kind().label, 1);
    }
}
