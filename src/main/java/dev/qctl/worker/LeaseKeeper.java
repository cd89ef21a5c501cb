package dev.qctl.worker;

import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Renews the reservations of running jobs every third of {@code retry_after}, from a
 * platform thread of its own that job code cannot block, so a job that runs longer than
 * {@code retry_after} is not handed to a second worker while this one is alive. It also knows
 * when each lease was last confirmed, so a job held ahead by a worker that was frozen (SIGSTOP,
 * a long GC, a suspended VM) past its lease is not started on a reservation that has lapsed.
 */
final class LeaseKeeper implements AutoCloseable {
    private final QueueBackend backend;
    /** Each tracked job, with when its lease was last confirmed (System.nanoTime: reserved or renewed). */
    private final Map<Tracked, Long> running = new ConcurrentHashMap<>();

    private final Set<Tracked> lost = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final Consumer<String> warn;
    private final long periodNanos;
    /** A lease confirmed longer ago than this may have lapsed: half of retry_after, past a renewal period or more. */
    private final long startableNanos;
    /** When the last renewal round began (System.nanoTime), for /health/live. */
    private volatile long lastRound = System.nanoTime();

    /** A job keyed by identity: hashing a record would hash its whole payload, for every job. */
    private record Tracked(ReservedJob job) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Tracked t && t.job == job;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(job);
        }
    }

    LeaseKeeper(QueueBackend backend, Consumer<String> warn) {
        this.backend = backend;
        this.warn = warn;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qctl-lease-keeper");
            t.setDaemon(true);
            return t;
        });
        long periodMs = Math.max(250, backend.retryAfter().toMillis() / 3);
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
        this.startableNanos = backend.retryAfter().toNanos() / 2;
        timer.scheduleWithFixedDelay(this::renewAll, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Renews {@code job} from now on; {@code leaseBegan} is when the reservation was asked for
     * (System.nanoTime), since the store's lease runs from then, however long the answer took.
     */
    void track(ReservedJob job, long leaseBegan) {
        running.put(new Tracked(job), leaseBegan);
    }

    /**
     * Whether a reserved job may still be started here: its lease is not lost and was confirmed
     * recently enough that it cannot have run out meanwhile. False for the jobs a frozen worker
     * held ahead: another worker may have taken them already.
     */
    boolean mayStart(ReservedJob job) {
        Tracked key = new Tracked(job);
        Long confirmed = running.get(key);
        return confirmed != null && !lost.contains(key) && System.nanoTime() - confirmed < startableNanos;
    }

    void untrack(ReservedJob job) {
        Tracked key = new Tracked(job);
        running.remove(key);
        lost.remove(key);
    }

    long lastRound() {
        return lastRound;
    }

    long period() {
        return periodNanos;
    }

    private void renewAll() {
        long round = System.nanoTime();
        lastRound = round;
        List<Tracked> due =
                running.keySet().stream().filter(t -> !lost.contains(t)).toList();
        if (due.isEmpty()) return;
        List<Boolean> held;
        try {
            // one round trip for all: renewing in turn let latency outlast retry_after
            held = backend.renewAll(due.stream().map(Tracked::job).toList());
        } catch (RuntimeException e) {
            warn.accept("cannot renew the leases of " + due.size() + " running job(s): " + e.getMessage());
            return;
        }
        for (int i = 0; i < due.size(); i++) {
            Tracked tracked = due.get(i);
            ReservedJob job = tracked.job();
            // a job finished (and acked) since this round began is not lost, just gone
            if (held.get(i)) {
                running.replace(tracked, round); // confirmed as of the round's start, the safe side
                continue;
            }
            if (running.containsKey(tracked)) {
                lost.add(tracked);
                warn.accept("lease of job " + job.id() + " (attempt " + job.attempts()
                        + ") was lost: another worker may be running it; this worker's result will not be applied");
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
