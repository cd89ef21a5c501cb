package dev.qctl.worker;

import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for acks: jobs that finish while an ack is being written are acknowledged
 * together in the next round trip ({@link QueueBackend#ackAll}). Nothing waits on a
 * timer, so a lone job is acked at once; under load, one commit covers many jobs. The job's
 * slot is free as soon as its handler returns, so the next reservation and the acks of the
 * last jobs travel to the store at the same time.
 */
final class AckBatcher implements AutoCloseable {
    private static final int MAX_BATCH = 500;
    /** Acks waiting to be written; a job thread that finds it full waits (backpressure on a slow store). */
    private static final int MAX_PENDING = 5_000;

    private record Pending(ReservedJob job, CompletableFuture<Boolean> applied) {}

    private final QueueBackend backend;
    private final WorkerEvents events;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_PENDING);
    private final Thread flusher;
    private volatile boolean closed;

    AckBatcher(QueueBackend backend) {
        this(backend, WorkerEvents.NONE);
    }

    AckBatcher(QueueBackend backend, WorkerEvents events) {
        this.backend = backend;
        this.events = events;
        this.flusher = Thread.ofPlatform().daemon().name("qctl-acks").start(this::flushLoop);
    }

    /**
     * Queues the job's ack; the future completes with the store's answer (false if the
     * reservation was lost), or exceptionally if the store stayed unreachable.
     */
    CompletableFuture<Boolean> ack(ReservedJob job) {
        Pending pending = new Pending(job, new CompletableFuture<>());
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.applied().completeExceptionally(new IllegalStateException("interrupted before the ack was queued"));
        }
        return pending.applied();
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
                long began = System.nanoTime();
                List<Boolean> applied = StoreRetry.outcome(backend.retryAfter(), () -> backend.ackAll(jobs));
                events.acked(jobs.size(), System.nanoTime() - began);
                for (int i = 0; i < batch.size(); i++) batch.get(i).applied().complete(applied.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                events.storeError("ack");
                batch.forEach(p -> p.applied().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** Stops after every queued ack has been written. */
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
