package dev.qctl.config;

import dev.qctl.base.DataDirs;
import dev.qctl.base.Secrets;
import dev.qctl.base.UsageException;
import dev.qctl.queue.AppRestartSignal;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJobsElsewhere;
import dev.qctl.queue.LaravelBatchesElsewhere;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueConnector;
import dev.qctl.queue.SharedRestartSignal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Every store qctl can open, keyed by URL scheme. The stores register themselves
 * ({@code META-INF/services/dev.qctl.queue.QueueConnector}), so this class, like everything
 * below the commands, names none of them; an unknown scheme is refused with the valid forms.
 */
public final class Stores {
    private static final Map<String, QueueConnector> BY_SCHEME = load();

    private Stores() {}

    private static Map<String, QueueConnector> load() {
        Map<String, QueueConnector> byScheme = new LinkedHashMap<>();
        for (QueueConnector connector : ServiceLoader.load(QueueConnector.class, Stores.class.getClassLoader())) {
            for (String scheme : connector.schemes()) byScheme.putIfAbsent(scheme, connector);
        }
        return Map.copyOf(byScheme);
    }

    /** Reads a connection URL of any registered store. */
    public static ConnectionUrl parse(String text) {
        if (text == null || text.isBlank()) throw new UsageException("connection URL is empty");
        return connector(text).parse(text);
    }

    /** The embedded default: a SQLite file under the XDG data directory, shared by every folder. */
    public static ConnectionUrl embeddedDefault() {
        return parse("sqlite:" + DataDirs.defaultSqliteFile());
    }

    /** Opens a connection ready for use, creating a missing embedded store (see {@link QueueConnector#open}). */
    public static QueueBackend open(ConnectionUrl url, int poolSize) {
        return open(url, poolSize, Creation.MAY_CREATE);
    }

    /**
     * Opens a connection ready for use (see {@link QueueConnector#open}). The embedded default
     * is created whatever {@code creation} says: nobody typed its path, so it cannot be a typo,
     * and a first {@code qctl monitor} should show empty queues rather than an error.
     */
    public static QueueBackend open(ConnectionUrl url, int poolSize, Creation creation) {
        Creation allowed = url.equals(embeddedDefault()) ? Creation.MAY_CREATE : creation;
        return connector(url.original()).open(url, poolSize, allowed);
    }

    /**
     * Opens a resolved connection, with its failures recorded in another connection's
     * failed_jobs when qctl.yml says so ({@code failed: NAME}); {@code creation} holds for both.
     */
    public static QueueBackend open(Connections.Resolved resolved, int wanted, Creation creation) {
        QueueBackend queue = open(resolved.url(), resolved.poolSize(wanted), creation);
        QueueBackend cacheHome = null;
        try {
            AppRestartSignal appRestart = null;
            if (resolved.laravelCache() != null) {
                if (resolved.cacheStore() != null)
                    cacheHome = open(resolved.cacheStore().url(), 1, creation);
                appRestart = (cacheHome != null ? cacheHome : queue).laravelRestartSignal(resolved.laravelCache());
            }
            if (resolved.failedStore() != null)
                queue = new FailedJobsElsewhere(
                        queue,
                        open(
                                resolved.failedStore().url(),
                                resolved.failedStore().poolSize(2),
                                creation));
            if (resolved.batchStore() != null)
                queue = new LaravelBatchesElsewhere(
                        queue,
                        open(resolved.batchStore().url(), resolved.batchStore().poolSize(2), creation));
            // the restart signal shared with the Laravel cache qctl.yml names (laravel: {cache: …})
            return appRestart == null ? queue : new SharedRestartSignal(queue, appRestart, cacheHome);
        } catch (RuntimeException e) {
            queue.close();
            if (cacheHome != null) cacheHome.close();
            throw e;
        }
    }

    /** Opens a connection without checking its tables, for {@code qctl migrate}. */
    public static QueueBackend openForMigration(ConnectionUrl url) {
        return connector(url.original()).openForMigration(url);
    }

    /** Whether a connection's failed-job store can take the failures of another connection. */
    static boolean canRecordFailuresOfOthers(ConnectionUrl url) {
        return connector(url.original()).canRecordFailuresOfOthers();
    }

    private static QueueConnector connector(String text) {
        QueueConnector connector = BY_SCHEME.get(ConnectionUrl.schemeOf(text));
        if (connector != null) return connector;
        List<String> examples = BY_SCHEME.values().stream()
                .distinct()
                .map(QueueConnector::example)
                .toList();
        throw new UsageException("unknown connection '" + Secrets.url(text) + "': expected "
                + examples.stream().collect(Collectors.joining(", ")));
    }
}
