package dev.qctl.worker;

import dev.qctl.queue.ReservedJob;
import dev.qctl.queue.WorkerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a worker's heartbeat reports about its jobs: counts by outcome and the jobs running now.
 * Updated by the slots as jobs start and end (a map entry and a counter per job, nothing that
 * touches the store), read by the {@link Heartbeat}'s thread.
 */
final class WorkerStats {
    private final LongAdder failed = new LongAdder();
    private final LongAdder released = new LongAdder();
    /** Jobs whose handler returned, per queue (the dashboard's throughput lines); as many entries as the worker has queues. */
    private final Map<String, LongAdder> processedByQueue = new ConcurrentHashMap<>();

    private final Map<Key, Running> running = new ConcurrentHashMap<>();

    private record Running(ReservedJob job, String name, long startedNanos) {}

    /** A job keyed by identity, as in {@link LeaseKeeper}: hashing the record would hash its whole payload. */
    private record Key(ReservedJob job) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.job == job;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(job);
        }
    }

    void started(ReservedJob job, String name) {
        running.put(new Key(job), new Running(job, name, System.nanoTime()));
    }

    /** The job's handler has returned; its outcome (failed, released) is counted separately. */
    void ended(ReservedJob job) {
        if (running.remove(new Key(job)) != null)
            processedByQueue.computeIfAbsent(job.queue(), q -> new LongAdder()).increment();
    }

    Map<String, Long> processedByQueue() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        processedByQueue.forEach((queue, n) -> counts.put(queue, n.sum()));
        return counts;
    }

    void failed() {
        failed.increment();
    }

    void released() {
        released.increment();
    }

    long processed() {
        long total = 0;
        for (LongAdder n : processedByQueue.values()) total += n.sum();
        return total;
    }

    long failedCount() {
        return failed.sum();
    }

    long releasedCount() {
        return released.sum();
    }

    /** The jobs running now, with their ages in whole seconds. */
    List<WorkerInfo.RunningJob> running() {
        long now = System.nanoTime();
        List<WorkerInfo.RunningJob> jobs = new ArrayList<>();
        running.values()
                .forEach(r -> jobs.add(new WorkerInfo.RunningJob(
                        r.job().id(), r.job().queue(), r.name(), (now - r.startedNanos()) / 1_000_000_000L)));
        return jobs;
    }
}
