package dev.qctl.worker;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * How fast this worker finishes jobs, and from that how many to reserve ahead of free slots.
 * Prefetching saves a store round trip per job when jobs are short, but a job held in a
 * worker's buffer is a job another worker cannot start. So the buffer holds only as many jobs
 * as this worker finishes in {@link #WINDOW_SECONDS}: hundreds of no-op jobs, none for jobs
 * that take seconds (the 3025 mailbox syncs spread over all workers, not one worker's buffer).
 */
final class Pace {
    /** A buffered job waits about this long before a slot takes it. */
    private static final double WINDOW_SECONDS = 0.02;

    private static final long SAMPLE_NANOS = 50_000_000;

    private final LongAdder finished = new LongAdder();
    private final int maxPrefetch;
    private final LongSupplier nanoTime;
    private long sampledAt;
    private long finishedAtSample;
    private double jobsPerSecond;

    /** @param concurrency the worker's slots; the buffer never exceeds a few times that */
    Pace(int concurrency) {
        this(concurrency, System::nanoTime);
    }

    /** With the clock given, so tests can move time. */
    Pace(int concurrency, LongSupplier nanoTime) {
        this.maxPrefetch = Math.min(500, Math.max(100, concurrency * 4));
        this.nanoTime = nanoTime;
        this.sampledAt = nanoTime.getAsLong();
    }

    /** A job finished (any outcome). Called from job threads. */
    void finished() {
        finished.increment();
    }

    /** How many jobs to hold reserved beyond the free slots. Called from the worker loop only. */
    int prefetch() {
        long now = nanoTime.getAsLong();
        long elapsed = now - sampledAt;
        if (elapsed >= SAMPLE_NANOS) {
            long total = finished.sum();
            double recent = (total - finishedAtSample) * 1e9 / elapsed;
            // smooth, but follow a slowdown quickly: a burst of long jobs must stop the hoarding
            jobsPerSecond = recent < jobsPerSecond ? recent : (jobsPerSecond + recent) / 2;
            finishedAtSample = total;
            sampledAt = now;
        }
        return (int) Math.min(maxPrefetch, jobsPerSecond * WINDOW_SECONDS);
    }
}
