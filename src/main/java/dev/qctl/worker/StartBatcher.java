package dev.qctl.worker;

import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for starts: a slot about to run a job it holds ahead has the job's attempt
 * counted first ({@link QueueBackend#startAll}), so a worker killed while holding jobs it never
 * started costs them no attempt, and a job that kills its worker still uses one up each time.
 * Slots starting while a batch is being written go together in the next round trip; a lone
 * slot waits for nothing but its own.
 */
final class StartBatcher implements AutoCloseable {
    private static final int MAX_BATCH = 500;

    private record Pending(ReservedJob job, CompletableFuture<ReservedJob> started) {}

    private final QueueBackend backend;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean closed;

    StartBatcher(QueueBackend backend) {
        this.backend = backend;
        this.flusher = Thread.ofPlatform().daemon().name("qctl-starts").start(this::flushLoop);
    }

    /**
     * Counts the job's attempt; the future completes with the job as counted (its new fencing
     * token), with null if the reservation was lost, or exceptionally if the store stayed unreachable.
     */
    CompletableFuture<ReservedJob> start(ReservedJob job) {
        Pending pending = new Pending(job, new CompletableFuture<>());
        if (closed) pending.started().completeExceptionally(new IllegalStateException("the worker is stopping"));
        else queue.add(pending);
        return pending.started();
    }

    private void flushLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<ReservedJob> jobs = batch.stream().map(Pending::job).toList();
                // no retrying through an outage: the job's lease is not renewed meanwhile, and an uncounted job
                // left alone just comes back after retry_after with nothing used up
                List<ReservedJob> started = backend.startAll(jobs);
                for (int i = 0; i < batch.size(); i++) batch.get(i).started().complete(started.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                batch.forEach(p -> p.started().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Stops after every queued start has been written. */
    @Override
    public void close() {
        closed = true;
        try {
            flusher.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
