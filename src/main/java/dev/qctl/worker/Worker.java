package dev.qctl.worker;

import dev.qctl.handler.HandlerRegistry;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import dev.qctl.queue.WorkerInfo;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker loop (artisan's queue:work daemon): reserve jobs from the queues in priority
 * order, run up to {@code concurrency} at once on virtual threads, and check the stop
 * conditions after every round. On SIGTERM/SIGINT it takes nothing new, lets the running
 * jobs finish and ack, and stops with exit code 0.
 *
 * <p>When jobs are short the worker reserves a few more than it has free slots ({@link Pace})
 * and keeps them in a small buffer, so one store round trip feeds many jobs. A slot's thread
 * takes its next job straight from the buffer while this loop reserves the next batch, so
 * the two overlap. Buffered jobs are leased like running ones; when the worker stops, it
 * hands back the ones it never started ({@link QueueBackend#unreserve}), so they lose no attempt.
 */
public final class Worker {
    private static final Duration MAX_OUTAGE_BACKOFF = Duration.ofSeconds(30);
    private static final Duration GATHER_WAIT = Duration.ofMillis(5);
    /**
     * How long a queue rests after a job on it was handed back for want of a handler: the job
     * is still at its head, so reserving from that queue at once would take it again and again.
     */
    static final Duration UNKNOWN_JOB_REST = Duration.ofSeconds(10);
    /** Looked up once: asking the platform for its memory pools builds MBean names each time. */
    private static final List<MemoryPoolMXBean> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();

    private final QueueBackend backend;
    private final WorkerOptions options;
    private final WorkerOutput output;
    private final JobRunner runner;
    private final LeaseKeeper leases;
    private final AckBatcher acks;
    private final Semaphore slots;
    private final Pace pace;
    /** Reserved, not yet started: filled by the worker loop, emptied by the slots' threads. */
    private final LinkedBlockingDeque<ReservedJob> buffer = new LinkedBlockingDeque<>();
    /** A slot that leaves the buffer at or below this size wakes the loop to reserve more. */
    private volatile int refillAt;

    private final AtomicInteger processed = new AtomicInteger();
    /** Jobs taken from the buffer so far (for --max-jobs). */
    private final AtomicInteger started = new AtomicInteger();
    /** Set when the loop ends: slots finish their job and take no other. */
    private volatile boolean stopping;

    private final Object wakeup = new Object();
    private volatile boolean stopRequested;
    /**
     * Set by {@link #wake()} so a wake-up that comes just before a sleep is not lost. Volatile so
     * that {@link #wake()} can skip the monitor while a wake-up is already pending: every finished
     * job may call it, and ten slots contending for the monitor showed as 17% of a no-op drain's
     * CPU samples.
     */
    private volatile boolean wakeRequested;

    private volatile boolean paused;

    private final WorkerStats stats = new WorkerStats();
    private final String name;
    private final String host = Heartbeat.host();
    private final long startedEpoch = java.time.Instant.now().getEpochSecond();
    private final Heartbeat heartbeat;
    /** Set by the heartbeat when `qctl restart` was given after this worker started. */
    private volatile boolean restartRequested;
    /** Queues paused in the store (`qctl pause`), and the ones of {@link WorkerOptions#queues()} left to reserve from. */
    private volatile java.util.Set<String> pausedQueues = java.util.Set.of();

    private volatile List<String> activeQueues;
    /** Queues resting after an unknown job was handed back (unknown_jobs: release), to System.nanoTime. */
    private final java.util.Map<String, Long> restingQueues = new java.util.concurrent.ConcurrentHashMap<>();

    private final WorkerEvents events;
    /** When the loop last turned and a reservation last succeeded (System.nanoTime), for /health. */
    private volatile long lastLoop = System.nanoTime();

    private volatile long lastReserved;

    public Worker(
            QueueBackend backend, HandlerRegistry handlers, WorkerOptions options, PrintStream out, PrintStream err) {
        this(backend, handlers, options, out, err, WorkerEvents.NONE);
    }

    /** A worker that tells {@code events} what its jobs do (metrics, alerts). */
    public Worker(
            QueueBackend backend,
            HandlerRegistry handlers,
            WorkerOptions options,
            PrintStream out,
            PrintStream err,
            WorkerEvents events) {
        this.backend = backend;
        this.options = options;
        this.events = events;
        this.output = new WorkerOutput(out, err, options.json(), options.verbose(), backend.connectionName());
        this.leases = new LeaseKeeper(backend, output::warn);
        this.acks = new AckBatcher(backend, events);
        this.runner = new JobRunner(backend, handlers, options, output, leases, acks, stats, events);
        runner.onUnknownHandedBack(queue -> restingQueues.put(queue, System.nanoTime() + UNKNOWN_JOB_REST.toNanos()));
        this.slots = new Semaphore(concurrency());
        this.pace = new Pace(concurrency());
        this.activeQueues = options.queues();
        String self = host + ":" + ProcessHandle.current().pid();
        this.name = options.name() != null ? options.name() : self;
        String id = name.equals(self) ? self : name + "/" + self;
        this.heartbeat =
                new Heartbeat(backend, id, () -> info(id), this::requestRestart, this::setPausedQueues, output::warn);
        heartbeat.onStoreError(() -> events.storeError("heartbeat"));
    }

    /** How the worker is doing now, read from memory only (for /health and the metrics' gauges). */
    public WorkerState state() {
        long loopQuiet = Math.max(options.sleep().toNanos(), MAX_OUTAGE_BACKOFF.toNanos());
        return new WorkerState(
                runningJobs(),
                concurrency(),
                paused || activeQueues.isEmpty(),
                lastLoop,
                loopQuiet,
                leases.lastRound(),
                leases.period(),
                Math.max(heartbeat.lastContact(), lastReserved));
    }

    /** This worker's heartbeat as of now. */
    private WorkerInfo info(String id) {
        long processed = stats.processed();
        return new WorkerInfo(
                id,
                name,
                host,
                ProcessHandle.current().pid(),
                backend.connectionName(),
                options.queues(),
                concurrency(),
                VERSION,
                startedEpoch,
                0,
                processed,
                stats.failedCount(),
                stats.releasedCount(),
                heartbeat.lastMinute(processed),
                stats.running(),
                paused || activeQueues.isEmpty(),
                stopRequested || stopping,
                stats.processedByQueue());
    }

    /** Runs until a stop condition holds and returns why it stopped. */
    public StopReason run() {
        Signals.install(this::requestStop, () -> setPaused(true), () -> setPaused(false));
        output.info("Processing jobs from the [" + String.join(",", options.queues()) + "] queues (worker " + name
                + ", pid " + ProcessHandle.current().pid() + ").");
        heartbeat.start();
        long startedAt = System.nanoTime();
        Duration outageBackoff = Duration.ZERO;
        StopReason reason;
        try (AutoCloseable listening = backend.onNewJobs(options.queues(), this::wake)) {
            while (true) {
                lastLoop = System.nanoTime();
                if (stopRequested) {
                    reason = restartRequested ? StopReason.RESTART_SIGNAL : StopReason.INTERRUPTED;
                    break;
                }
                if (activeQueues.isEmpty() && !paused) {
                    sleep(Heartbeat.POLL); // every queue is paused in the store; buffered jobs were handed back
                    continue;
                }
                if (paused) {
                    handBackBuffered(); // a paused worker must not sit on jobs others could run
                    sleep(Duration.ofSeconds(Math.max(1, options.sleep().toSeconds())));
                    continue;
                }
                startSlots();
                StopReason limit = limitReached(startedAt);
                if (limit != null) {
                    reason = limit;
                    break;
                }
                int wanted = reservationSize();
                if (wanted == 0) {
                    waitForWork();
                    continue;
                }
                if (buffer.isEmpty()) gatherFreeSlots();
                List<ReservedJob> jobs;
                try {
                    jobs = reserve(options.once() ? 1 : Math.max(wanted, reservationSize()));
                    if (!outageBackoff.isZero()) output.warn("store reachable again; resuming");
                    outageBackoff = Duration.ZERO;
                } catch (RuntimeException e) {
                    events.storeError("reserve");
                    outageBackoff = nextBackoff(outageBackoff);
                    output.warn("cannot reserve jobs (" + e.getMessage() + "); retrying in " + outageBackoff.toSeconds()
                            + "s");
                    sleep(outageBackoff);
                    continue;
                }
                if (options.once()) {
                    startSlots();
                    while (!buffer.isEmpty() && !stopRequested) waitForWork(); // until a slot has taken it
                    reason = StopReason.ONCE;
                    break;
                }
                if (jobs.isEmpty() && buffer.isEmpty()) {
                    if (options.stopWhenEmpty() && runningJobs() == 0) {
                        reason = StopReason.EMPTY;
                        break;
                    }
                    sleep(options.sleep());
                } else if (jobs.isEmpty()) {
                    waitForWork(); // the queue is dry and the buffer still feeds the slots
                }
            }
            stopping = true;
            handBackBuffered();
            awaitRunningJobs(reason == StopReason.INTERRUPTED ? options.stopTimeout() : Duration.ZERO);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            stopping = true;
            handBackBuffered();
            acks.close();
            leases.close();
            heartbeat.close();
            output.close();
        }
        return reason;
    }

    /**
     * How many jobs to reserve now: enough for the free slots plus the prefetch the pace
     * allows, or none while the buffer still holds more than half its prefetch.
     */
    private int reservationSize() {
        int free = slots.availablePermits();
        int prefetch = options.once() ? 0 : pace.prefetch();
        refillAt = prefetch / 2;
        int buffered = buffer.size();
        if (buffered - free > prefetch / 2) return 0;
        int wanted = free + prefetch - buffered;
        if (options.maxJobs() > 0) wanted = Math.min(wanted, options.maxJobs() - started.get() - buffered);
        return Math.max(0, wanted);
    }

    /** Reserves up to {@code max} jobs into the buffer, leased from this moment on. */
    private List<ReservedJob> reserve(int max) {
        long began = System.nanoTime();
        List<String> queues = restingQueues.isEmpty() ? activeQueues : awakeQueues();
        List<ReservedJob> jobs = queues.isEmpty() ? List.of() : backend.reserve(queues, max);
        lastReserved = System.nanoTime();
        events.reserved(jobs.size(), lastReserved - began);
        for (ReservedJob job : jobs) {
            leases.track(job, began); // a worker frozen while the answer was on its way holds an old lease
            buffer.addLast(job);
        }
        return jobs;
    }

    /** The active queues that are not resting; ends the rests that are over. */
    private List<String> awakeQueues() {
        long now = System.nanoTime();
        restingQueues.values().removeIf(until -> until - now <= 0);
        return activeQueues.stream().filter(q -> !restingQueues.containsKey(q)).toList();
    }

    /** Gives each free slot a virtual thread that works through the buffer. */
    private void startSlots() {
        for (int waiting = buffer.size(); waiting > 0 && !stopRequested && slots.tryAcquire(); waiting--) {
            Thread.ofVirtual().name("qctl-worker-slot").start(this::workFromBuffer);
        }
    }

    /** A slot's life: take the next buffered job and run it, until the buffer is empty or the worker stops. */
    private void workFromBuffer() {
        try {
            while (!stopRequested && !stopping && !paused) {
                started.incrementAndGet(); // before the poll, so the loop never counts this job nowhere
                ReservedJob job = buffer.pollFirst();
                if (job == null) {
                    started.decrementAndGet();
                    return;
                }
                if (pausedQueues.contains(job.queue())) {
                    started.decrementAndGet(); // its queue was paused since it was reserved: not ours to start
                    handBack(List.of(job));
                    continue;
                }
                if (!leases.mayStart(job)) {
                    // held ahead while this worker was frozen past the lease: another may run it now
                    started.decrementAndGet();
                    output.warn("job " + job.id() + " (attempt " + job.attempts()
                            + ") waited here past half its lease without a renewal; handing it back unstarted");
                    handBack(List.of(job));
                    continue;
                }
                runOne(job);
                if (buffer.size() <= refillAt) wake();
            }
        } finally {
            slots.release();
            wake();
        }
    }

    private void runOne(ReservedJob job) {
        try {
            runner.process(job);
        } finally {
            rest(); // --rest holds the slot, so the worker really pauses between jobs
            processed.incrementAndGet();
            pace.finished();
        }
    }

    /** Gives back the jobs reserved but never started, last first so the queue keeps its order. */
    private void handBackBuffered() {
        List<ReservedJob> jobs = new java.util.ArrayList<>();
        for (ReservedJob job; (job = buffer.pollLast()) != null; ) jobs.add(job);
        handBack(jobs);
    }

    /** Gives back the buffered jobs of paused queues; a slot that took one first hands it back itself. */
    private void handBackPaused(java.util.Set<String> queues) {
        List<ReservedJob> jobs = new java.util.ArrayList<>();
        for (java.util.Iterator<ReservedJob> it = buffer.descendingIterator(); it.hasNext(); ) {
            ReservedJob job = it.next();
            if (queues.contains(job.queue()) && buffer.removeLastOccurrence(job)) jobs.add(job);
        }
        handBack(jobs);
    }

    private void handBack(List<ReservedJob> jobs) {
        int handedBack = 0;
        for (ReservedJob job : jobs) {
            leases.untrack(job);
            try {
                if (backend.unreserve(job)) handedBack++;
                else output.rejected(job, "hand-back");
            } catch (RuntimeException e) {
                output.warn("cannot hand back job " + job.id() + " (" + e.getMessage()
                        + "); it comes back after retry_after");
            }
        }
        if (handedBack > 0) output.handedBack(handedBack);
    }

    private StopReason limitReached(long startedAt) {
        if (options.memoryMb() > 0 && liveHeapMb() >= options.memoryMb()) return StopReason.MEMORY;
        if (options.maxJobs() > 0 && processed.get() >= options.maxJobs()) return StopReason.MAX_JOBS;
        if (!options.maxTime().isZero()
                && System.nanoTime() - startedAt >= options.maxTime().toNanos()) {
            return StopReason.MAX_TIME;
        }
        return null;
    }

    private int concurrency() {
        return Math.max(1, options.concurrency());
    }

    private int runningJobs() {
        return concurrency() - slots.availablePermits();
    }

    /** Waits for the running jobs; after {@code deadline} (zero: none), interrupts them and waits for their hand-back. */
    private void awaitRunningJobs(Duration deadline) {
        int all = concurrency();
        if (!deadline.isZero() && runningJobs() > 0) {
            try {
                if (!slots.tryAcquire(all, deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    output.warn("--stop-timeout of " + deadline.toSeconds() + "s ran out: stopping the running jobs");
                    runner.abortRunning();
                } else {
                    slots.release(all);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runner.abortRunning();
            }
        }
        slots.acquireUninterruptibly(all);
        slots.release(all);
    }

    /** Waits for a wake-up (a job finished, the buffer ran low, a stop), unless a buffered job can start now. */
    private void waitForWork() {
        synchronized (wakeup) {
            if (wakeRequested || stopRequested || slots.availablePermits() > 0 && !buffer.isEmpty()) {
                wakeRequested = false;
                return;
            }
            try {
                wakeup.wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wakeRequested = false;
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
                wakeRequested = false; // so the next freed slot notifies this wait (see wake())
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
        if (wakeRequested) return; // the loop has not seen the last one yet: it will not wait before it does
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

    /** `qctl restart` was given after this worker started: finish what is running, take nothing new, exit 0. */
    private void requestRestart() {
        restartRequested = true;
        requestStop();
    }

    /** The queues paused in the store now (from the heartbeat's thread): stop reserving from them, hand theirs back. */
    private void setPausedQueues(java.util.Set<String> now) {
        java.util.Set<String> mine = new java.util.HashSet<>(now);
        mine.retainAll(options.queues());
        if (mine.equals(pausedQueues)) return;
        java.util.Set<String> before = pausedQueues;
        pausedQueues = java.util.Set.copyOf(mine);
        activeQueues = options.queues().stream().filter(q -> !mine.contains(q)).toList();
        for (String q : options.queues()) {
            if (mine.contains(q) != before.contains(q)) output.paused(q, mine.contains(q));
        }
        handBackPaused(mine);
        wake();
    }

    private void setPaused(boolean value) {
        if (paused == value) return;
        paused = value;
        output.paused(String.join(",", options.queues()), value);
        wake();
    }

    private static final String VERSION =
            java.util.Objects.requireNonNullElse(Worker.class.getPackage().getImplementationVersion(), "dev");

    private static Duration nextBackoff(Duration current) {
        Duration next = current.isZero() ? Duration.ofSeconds(1) : current.multipliedBy(2);
        return next.compareTo(MAX_OUTAGE_BACKOFF) > 0 ? MAX_OUTAGE_BACKOFF : next;
    }

    /** Heap still in use after the last garbage collection, in MiB: live data, not garbage awaiting collection. */
    private static long liveHeapMb() {
        long used = 0;
        for (MemoryPoolMXBean pool : HEAP_POOLS) {
            if (pool.getCollectionUsage() != null)
                used += pool.getCollectionUsage().getUsed();
        }
        return used / (1024 * 1024);
    }
}
