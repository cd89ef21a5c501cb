package dev.qctl.queue;

import java.util.List;

/**
 * A queue whose failed jobs are kept in another store's failed-job table — Laravel's
 * arrangement of a Redis queue with a database {@code failed_jobs}. The two stores cannot
 * change together, so a failure is recorded first and the job removed second: a crash in
 * between leaves a job that runs again and a failed record, never a job that vanishes.
 */
public final class FailedJobsElsewhere extends ForwardingQueueBackend {
    private final QueueBackend failedHome;

    /** Everything but failed-job records is the queue's: pushes, reservations, locks, workers, signals. */
    public FailedJobsElsewhere(QueueBackend queue, QueueBackend failedHome) {
        super(queue);
        this.failedHome = failedHome;
    }

    @Override
    public boolean fail(ReservedJob job, String exception) {
        // the reservation must still be ours before a record (which replaces one of the same uuid) is written
        if (!inner.renew(job)) return false;
        long id = failedHome.failedJobs().record(inner.connectionName(), job.queue(), job.rawPayload(), exception);
        if (inner.ack(job)) return true;
        failedHome.failedJobs().forget(Long.toString(id)); // the reservation was lost: the job is not ours to fail
        return false;
    }

    /**
     * The queue's: a batch's jobs and counts change together, so they live where the jobs are.
     * Only a failure's record moves: the queue store counts it in the batch, then the record is
     * written to the failed store and the queue store's copy is dropped.
     */
    @Override
    public Batches batches() {
        Batches own = inner.batches();
        return new Batches() {
            @Override
            public List<String> create(String id, String name, BatchOptions options, List<PushRequest> jobs) {
                return own.create(id, name, options, jobs);
            }

            @Override
            public List<String> add(String id, List<PushRequest> jobs) {
                return own.add(id, jobs);
            }

            @Override
            public java.util.Optional<Batch> find(String id) {
                return own.find(id);
            }

            @Override
            public List<Batch> list(int offset, int limit) {
                return own.list(offset, limit);
            }

            @Override
            public boolean cancel(String id) {
                return own.cancel(id);
            }

            @Override
            public boolean ack(ReservedJob job, String batchId) {
                return own.ack(job, batchId);
            }

            @Override
            public boolean fail(ReservedJob job, String batchId, String exception) {
                if (!own.fail(job, batchId, exception)) return false;
                failedHome.failedJobs().record(inner.connectionName(), job.queue(), job.rawPayload(), exception);
                String uuid = Payload.parse(job.rawPayload()).uuid();
                inner.failedJobs()
                        .find(uuid)
                        .ifPresent(copy -> inner.failedJobs().forget(Long.toString(copy.id())));
                return true;
            }

            @Override
            public long prune(java.time.Instant finished, java.time.Instant unfinished, java.time.Instant cancelled) {
                return own.prune(finished, unfinished, cancelled);
            }
        };
    }

    @Override
    public FailedJobStore failedJobs() {
        return failedHome.failedJobs();
    }

    @Override
    public void close() {
        try {
            inner.close();
        } finally {
            failedHome.close();
        }
    }
}
