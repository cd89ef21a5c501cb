package dev.qctl.worker;

import dev.qctl.queue.Controls;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.WorkerInfo;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The worker's link to its fleet, from a platform thread of its own (never the job slots' or
 * the reservation loop's): every {@link #BEAT} it writes its {@link WorkerInfo} to the store's
 * {@link dev.qctl.queue.WorkerRegistry}, live for {@link #TTL}; every {@link #POLL} it reads the
 * store's {@link Controls} and tells the worker of a restart signal given since it started and
 * of the paused queues. A store that cannot be reached costs one warning per outage, never the
 * worker; the entry is removed when the worker exits.
 */
final class Heartbeat implements AutoCloseable {
    /** How often the heartbeat is written. */
    static final Duration BEAT = Duration.ofSeconds(3);
    /** How long an entry lives without a new beat: three missed beats, and a second to spare. */
    static final Duration TTL = Duration.ofSeconds(10);
    /** How often the restart signal and the paused queues are read. */
    static final Duration POLL = Duration.ofMillis(500);

    private final QueueBackend backend;
    private final Supplier<WorkerInfo> snapshot;
    private final Runnable onRestart;
    private final Consumer<Set<String>> onPaused;
    private final Consumer<String> warn;
    private final ScheduledExecutorService timer;
    private final Deque<long[]> samples = new ArrayDeque<>(); // {nanoTime, processed}, the last minute's
    private final String id;
    private Controls.State atStart; // null until the first successful read
    private long lastBeat = Long.MIN_VALUE;
    private boolean restartSeen;
    private boolean failing;
    /** When a tick last reached the store (System.nanoTime), for /health/ready. */
    private volatile long lastContact;

    private Runnable onStoreError = () -> {};

    Heartbeat(
            QueueBackend backend,
            String id,
            Supplier<WorkerInfo> snapshot,
            Runnable onRestart,
            Consumer<Set<String>> onPaused,
            Consumer<String> warn) {
        this.backend = backend;
        this.id = id;
        this.snapshot = snapshot;
        this.onRestart = onRestart;
        this.onPaused = onPaused;
        this.warn = warn;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qctl-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the signals once (so a restart given before this worker started does not stop it), then ticks. */
    void start() {
        tick();
        timer.scheduleWithFixedDelay(this::tick, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    long lastContact() {
        return lastContact;
    }

    /** Called for every tick that cannot reach the store. */
    void onStoreError(Runnable action) {
        this.onStoreError = action;
    }

    /** Jobs finished in the last minute, from the counts sampled at each beat. */
    long lastMinute(long processedNow) {
        long now = System.nanoTime();
        synchronized (samples) {
            samples.addLast(new long[] {now, processedNow});
            while (samples.size() > 1 && now - samples.peekFirst()[0] > TimeUnit.SECONDS.toNanos(60))
                samples.removeFirst();
            return processedNow - samples.peekFirst()[1];
        }
    }

    private void tick() {
        try {
            Controls.State state = backend.controls().read();
            if (atStart == null) atStart = state;
            else if (state.restartedSince(atStart) && !restartSeen) {
                restartSeen = true;
                onRestart.run();
            }
            onPaused.accept(state.paused());
            long now = System.nanoTime();
            if (lastBeat == Long.MIN_VALUE || now - lastBeat >= BEAT.toNanos()) {
                backend.workers().beat(snapshot.get(), TTL);
                lastBeat = now;
            }
            lastContact = System.nanoTime();
            if (failing) warn.accept("heartbeat: store reachable again");
            failing = false;
        } catch (RuntimeException e) {
            onStoreError.run();
            if (!failing)
                warn.accept("heartbeat: cannot reach the store (" + e.getMessage() + "); the worker carries on");
            failing = true;
        }
    }

    /** Stops beating and removes this worker's entry (best effort: it expires anyway). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            backend.workers().remove(id);
        } catch (RuntimeException e) {
            // the store is gone: the entry expires by itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The host name as the operator knows it: $HOSTNAME, else the system's (no DNS lookup when set). */
    static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
