package dev.qctl.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.WorkerInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview's last hour, per queue and per minute: jobs finished (from the workers'
 * cumulative per-queue counters in their heartbeats, which every store keeps) and the longest
 * wait of a pending job seen. Kept by this dashboard process from its own counts of the
 * overview, so it starts when the process does; a fixed ring of {@link #MINUTES} slots per
 * queue, for at most {@link #MAX_QUEUES} queues, so memory does not grow with time or traffic.
 */
final class QueueHistory {
    static final int MINUTES = 60;
    static final int MAX_QUEUES = 500;

    private final long startedAtSeconds;
    private final Map<String, Ring> rings = new LinkedHashMap<>();
    /** Each worker's counter per queue at the last sample ("id\nqueue"), to take differences from. */
    private Map<String, Long> lastCounters = new HashMap<>();

    QueueHistory(long startedAtSeconds) {
        this.startedAtSeconds = startedAtSeconds;
    }

    long startedAtSeconds() {
        return startedAtSeconds;
    }

    /**
     * One sample: {@code waits} the oldest pending job's age per queue (-1: none pending), and
     * the live workers' beats. A worker first seen is counted from zero only if it started after
     * this history did; before that, its earlier jobs belong to no minute here.
     */
    synchronized void sample(long nowSeconds, Map<String, Long> waits, List<WorkerInfo> workers) {
        long minute = nowSeconds / 60;
        Map<String, Long> counters = new HashMap<>();
        Map<String, Long> finished = new HashMap<>();
        for (WorkerInfo w : workers) {
            w.processedByQueue().forEach((queue, count) -> {
                String key = w.id() + "\n" + queue;
                counters.put(key, count);
                Long before = lastCounters.get(key);
                long delta;
                if (before == null) delta = w.startedAt() >= startedAtSeconds ? count : 0;
                else delta = count >= before ? count - before : count; // a restarted worker counts from 0
                if (delta > 0) finished.merge(queue, delta, Long::sum);
            });
        }
        lastCounters = counters; // workers gone since are dropped: bounded by the live fleet
        waits.forEach((queue, wait) -> {
            Ring ring = ring(queue);
            if (ring != null) ring.add(minute, finished.getOrDefault(queue, 0L), wait);
        });
        finished.forEach((queue, n) -> {
            if (!waits.containsKey(queue)) {
                Ring ring = ring(queue);
                if (ring != null) ring.add(minute, n, -1);
            }
        });
    }

    /** The queue's last hour into {@code row}: {@code throughput} and {@code wait}, oldest minute first, null where unsampled. */
    synchronized void write(ObjectNode row, String queue, long nowSeconds) {
        Ring ring = rings.get(queue);
        ArrayNode throughput = row.putArray("throughput");
        ArrayNode wait = row.putArray("wait");
        long minute = nowSeconds / 60;
        for (long m = minute - MINUTES + 1; m <= minute; m++) {
            int slot = (int) Math.floorMod(m, (long) MINUTES);
            if (ring == null || ring.minutes[slot] != m) {
                throughput.addNull();
                wait.addNull();
            } else {
                throughput.add(ring.finished[slot]);
                wait.add(ring.maxWait[slot]);
            }
        }
    }

    private Ring ring(String queue) {
        Ring ring = rings.get(queue);
        if (ring == null && rings.size() < MAX_QUEUES) {
            ring = new Ring();
            rings.put(queue, ring);
        }
        return ring;
    }

    /** One queue's slots; slot {@code m % MINUTES} holds minute {@code m} (Unix minutes), or an older one to overwrite. */
    private static final class Ring {
        final long[] minutes = new long[MINUTES];
        final long[] finished = new long[MINUTES];
        final long[] maxWait = new long[MINUTES];

        Ring() {
            java.util.Arrays.fill(minutes, -1);
        }

        void add(long minute, long done, long wait) {
            int slot = (int) Math.floorMod(minute, (long) MINUTES);
            if (minutes[slot] != minute) {
                minutes[slot] = minute;
                finished[slot] = 0;
                maxWait[slot] = 0;
            }
            finished[slot] += done;
            maxWait[slot] = Math.max(maxWait[slot], Math.max(0, wait));
        }
    }
}
