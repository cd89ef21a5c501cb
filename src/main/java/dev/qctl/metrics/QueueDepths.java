package dev.qctl.metrics;

import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's queues' sizes for its /metrics, read from the store at most every
 * {@link #MAX_AGE_NANOS}: several scrapers, or a scraper polling fast, cost the store one
 * count per queue every few seconds at most. A failed read keeps the last known sizes.
 */
final class QueueDepths {
    private static final long MAX_AGE_NANOS = 5_000_000_000L;

    private final QueueBackend backend;
    private final List<String> queues;
    private final Runnable onError;
    private List<QueueSizes> last = List.of();
    private long readAt;

    QueueDepths(QueueBackend backend, List<String> queues, Runnable onError) {
        this.backend = backend;
        this.queues = List.copyOf(queues);
        this.onError = onError;
    }

    synchronized List<QueueSizes> current() {
        long now = System.nanoTime();
        if (readAt != 0 && now - readAt < MAX_AGE_NANOS) return last;
        readAt = now;
        try {
            List<QueueSizes> sizes = new ArrayList<>();
            for (String q : queues) sizes.add(backend.sizes(q));
            last = sizes;
        } catch (RuntimeException e) {
            onError.run();
        }
        return last;
    }
}
