package dev.qctl.worker;

import dev.qctl.handler.HandlerRegistry;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker loop (artisan's queue:work daemon): reserve up to {@code concurrency} jobs
 * from the queues in priority order, run each on a virtual thread, and check the stop
 * conditions after every round. On SIGTERM/SIGINT it takes nothing new, lets the running
 * jobs finish and ack, and stops with exit code 0.
 */
public final class Worker {
    private static final Duration MAX_OUTAGE_BACKOFF = Duration.ofSeconds(30);
    private static final Duration GATHER_WAIT = Duration.ofMillis(5);

    private final QueueBackend backend;
    private final WorkerOptions options;
    private final WorkerOutput output;
    private final JobRunner runner;
    private final LeaseKeeper leases;
    private final AckBatcher acks;
    private final Semaphore slots;
    private final AtomicInteger processed = new AtomicInteger();
    private final Object wakeup = new Object();
    private volatile boolean stopRequested;
    /** Set by {@link #wake()} so a wake-up that comes just before a sleep is not lost. */
    private boolean wakeRequested;
    private volatile boolean paused;

    public Worker(QueueBackend backend, HandlerRegistry handlers, WorkerOptions options, PrintStream out, PrintStream err) {
        this.backend = backend;
        this.options = options;
        this.output = new WorkerOutput(out, err, options.json(), options.verbose(), backend.connectionName());
        this.leases = new LeaseKeeper(backend, output::warn);
        this.acks = new AckBatcher(backend);
        this.runner = new JobRunner(backend, handlers, options, output, leases, acks);
        this.slots = new Semaphore(Math.max(1, options.concurrency()));
    }

    /** Runs until a stop condition holds and returns why it stopped. */
    public StopReason run() {
        Signals.install(this::requestStop, () -> setPaused(true), () -> setPaused(false));
        output.info("Processing jobs from the [" + String.join(",", options.queues()) + "] queues.");
        long startedAt = System.nanoTime();
        Duration outageBackoff = Duration.ZERO;
        StopReason reason;
        try (AutoCloseable listening = backend.onNewJobs(options.queues(), this::wake)) {
            while (true) {
                if (stopRequested) {
                    reason = StopReason.INTERRUPTED;
                    break;
                }
                if (paused) {
                    sleep(Duration.ofSeconds(Math.max(1, options.sleep().toSeconds())));
                    continue;
                }
                if (slots.availablePermits() == 0) {
                    waitForFreeSlot();
                } else {
                    gatherFreeSlots();
                    List<ReservedJob> jobs;
                    try {
                        jobs = reserveAndStart(options.once() ? 1 : slots.availablePermits());
                        if (!outageBackoff.isZero()) output.warn("store reachable again; resuming");
                        outageBackoff = Duration.ZERO;
                    } catch (RuntimeException e) {
                        outageBackoff = nextBackoff(outageBackoff);
                        output.warn("cannot reserve jobs (" + e.getMessage() + "); retrying in "
                                + outageBackoff.toSeconds() + "s");
                        sleep(outageBackoff);
                        continue;
                    }
                    if (options.once()) {
                        reason = StopReason.ONCE;
                        break;
                    }
                    if (jobs.isEmpty()) {
                        if (options.stopWhenEmpty() && runningJobs() == 0) {
                            reason = StopReason.EMPTY;
                            break;
                        }
                        sleep(options.sleep());
                    }
                }
                StopReason limit = limitReached(startedAt);
                if (limit != null) {
                    reason = limit;
                    break;
                }
            }
            awaitRunningJobs();
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            acks.close();
            leases.close();
        }
        return reason;
    }

    /** Reserves up to {@code max} jobs and starts each on a virtual thread; returns what it reserved. */
    private List<ReservedJob> reserveAndStart(int max) {
        List<ReservedJob> jobs = backend.reserve(options.queues(), max);
        for (ReservedJob job : jobs) {
            slots.acquireUninterruptibly();
            Thread.ofVirtual().name("qctl-worker-job-" + job.id()).start(() -> {
                try {
                    runner.process(job);
                } catch (RuntimeException e) {
                    // the store failed while recording the outcome: the lease expires and the job runs again
                    output.warn("job " + job.id() + " outcome not recorded (" + e.getMessage()
                            + "); it will run again after retry_after");
                } finally {
                    rest(); // --rest holds the slot, so the worker really pauses between jobs
                    processed.incrementAndGet();
                    slots.release();
                    wake();
                }
            });
        }
        return jobs;
    }

    private StopReason limitReached(long startedAt) {
        if (options.memoryMb() > 0 && liveHeapMb() >= options.memoryMb()) return StopReason.MEMORY;
        if (options.maxJobs() > 0 && processed.get() >= options.maxJobs()) return StopReason.MAX_JOBS;
        if (!options.maxTime().isZero() && System.nanoTime() - startedAt >= options.maxTime().toNanos()) {
            return StopReason.MAX_TIME;
        }
        return null;
    }

    private int runningJobs() {
        return Math.max(1, options.concurrency()) - slots.availablePermits();
    }

    private void awaitRunningJobs() {
        int all = Math.max(1, options.concurrency());
        slots.acquireUninterruptibly(all);
        slots.release(all);
    }

    private void waitForFreeSlot() {
        synchronized (wakeup) {
            if (slots.availablePermits() > 0 || stopRequested) return;
            try {
                wakeup.wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * While jobs are running and only a few slots are free, waits a moment for more to free
     * up, so one reservation round trip fetches several jobs instead of one each.
     */
    private void gatherFreeSlots() {
        int wanted = Math.max(1, options.concurrency() / 2);
        long deadline = System.nanoTime() + GATHER_WAIT.toNanos();
        synchronized (wakeup) {
            while (runningJobs() > 0 && slots.availablePermits() < wanted && !stopRequested) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return;
                try {
                    wakeup.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void rest() {
        if (!options.rest().isZero()) {
            try {
                Thread.sleep(options.rest());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sleeps, but wakes at once for a stop signal or a finished job. */
    private void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) return;
        synchronized (wakeup) {
            if (stopRequested || wakeRequested) {
                wakeRequested = false;
                return;
            }
            try {
                wakeup.wait(Math.max(1, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wakeRequested = false;
        }
    }

    private void wake() {
        synchronized (wakeup) {
            wakeRequested = true;
            wakeup.notifyAll();
        }
    }

    /** SIGTERM/SIGINT: finish what is running, take nothing new. */
    public void requestStop() {
        stopRequested = true;
        wake();
    }

    private void setPaused(boolean value) {
        if (paused == value) return;
        paused = value;
        output.paused(String.join(",", options.queues()), value);
        wake();
    }

    private static Duration nextBackoff(Duration current) {
        Duration next = current.isZero() ? Duration.ofSeconds(1) : current.multipliedBy(2);
        return next.compareTo(MAX_OUTAGE_BACKOFF) > 0 ? MAX_OUTAGE_BACKOFF : next;
    }

    /** Heap still in use after the last garbage collection, in MiB: live data, not garbage awaiting collection. */
    private static long liveHeapMb() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used / (1024 * 1024);
    }
}
