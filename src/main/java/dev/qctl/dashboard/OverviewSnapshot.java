package dev.qctl.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The overview, kept fresh by a background thread rather than counted per request: on a
 * server store, counting a queue of a million jobs takes most of a second, and a page that
 * polls every few seconds (from several browsers) should neither wait for that nor repeat it.
 * A request gets the latest snapshot at once, at most {@link #REFRESH_MS} plus one count old
 * (its {@code at} says when); the first one waits for the first count. Nobody asking for a
 * minute slows the counting to once a minute: enough for the last hour's lines, one count of
 * each queue per minute on the store.
 */
final class OverviewSnapshot implements AutoCloseable {
    static final long REFRESH_MS = 2000;
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Supplier<ObjectNode> count;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qctl-dashboard-overview");
        t.setDaemon(true);
        return t;
    });
    private volatile ObjectNode latest;
    private static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private volatile long askedAt = System.nanoTime();
    private volatile long countedAt;

    OverviewSnapshot(Supplier<ObjectNode> count) {
        this.count = count;
        timer.scheduleWithFixedDelay(this::refresh, 0, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    /** The latest overview; counted now only if there is none yet (or the last count failed). */
    ObjectNode get() {
        askedAt = System.nanoTime();
        ObjectNode snapshot = latest;
        return snapshot != null ? snapshot : count.get(); // a store error reaches the caller as before
    }

    private void refresh() {
        long now = System.nanoTime();
        if (latest != null && now - askedAt > IDLE_NANOS && now - countedAt < SAMPLE_NANOS) return;
        try {
            countedAt = now;
            latest = count.get();
        } catch (RuntimeException e) {
            latest = null; // the next request counts itself and shows the store's error
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
