package dev.qctl.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A queue whose Laravel batches are kept in another store's {@code job_batches} — Laravel's
 * arrangement of a Redis queue with {@code queue.batching.database} ({@code laravel: {batches:
 * NAME}} in qctl.yml). A batch the queue's own store has (one qctl made there) stays the queue's;
 * any other is looked up in, and counted in, the batch store. The two stores cannot change
 * together: for a success the worker checks its reservation, counts the job in the batch row, then
 * removes the job (a crash in between runs it again, counted again, as with Laravel's own worker);
 * a failure is recorded and removed first (fenced), then counted (a crash in between leaves the
 * failed record uncounted). Never a job gone without its record. Laravel's then/catch/finally callbacks are
 * PHP closures in the row's options: qctl does not run them.
 */
public final class LaravelBatchesElsewhere extends ForwardingQueueBackend {
    private final QueueBackend batchHome;

    public LaravelBatchesElsewhere(QueueBackend queue, QueueBackend batchHome) {
        super(queue);
        this.batchHome = batchHome;
    }

    @Override
    public Batches batches() {
        Batches own = inner.batches();
        Batches home = batchHome.batches();
        return new Batches() {
            @Override
            public List<String> create(String id, String name, BatchOptions options, List<PushRequest> jobs) {
                return own.create(id, name, options, jobs); // its jobs are pushed with it, so it lives where they go
            }

            @Override
            public List<String> add(String id, List<PushRequest> jobs) {
                return own.add(id, jobs);
            }

            @Override
            public Optional<Batch> find(String id) {
                Optional<Batch> mine = own.find(id);
                return mine.isPresent() ? mine : home.find(id);
            }

            @Override
            public List<Batch> list(int offset, int limit) {
                List<Batch> both = new ArrayList<>(own.list(0, offset + limit));
                both.addAll(home.list(0, offset + limit));
                both.sort(Comparator.comparingLong(Batch::createdAt).reversed());
                return both.stream().skip(offset).limit(limit).toList();
            }

            @Override
            public boolean cancel(String id) {
                return own.cancel(id) || home.cancel(id);
            }

            @Override
            public boolean ack(ReservedJob job, String batchId) {
                if (own.find(batchId).isPresent()) return own.ack(job, batchId);
                if (!inner.renew(job)) return false; // the reservation must still be ours before it is counted
                home.countSucceeded(batchId, uuidOf(job));
                return inner.ack(job);
            }

            @Override
            public boolean fail(ReservedJob job, String batchId, String exception) {
                if (own.find(batchId).isPresent()) return own.fail(job, batchId, exception);
                if (!inner.fail(job, exception)) return false;
                home.countFailed(batchId, uuidOf(job));
                return true;
            }

            @Override
            public long prune(Instant finished, Instant unfinished, Instant cancelled) {
                return own.prune(finished, unfinished, cancelled) + home.prune(finished, unfinished, cancelled);
            }
        };
    }

    private static String uuidOf(ReservedJob job) {
        try {
            return Payload.parse(job.rawPayload()).uuid();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            inner.close();
        } finally {
            batchHome.close();
        }
    }
}
