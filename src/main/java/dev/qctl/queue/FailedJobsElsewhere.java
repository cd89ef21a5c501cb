package dev.qctl.queue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A queue whose failed jobs are kept in another store's failed-job table — Laravel's
 * arrangement of a Redis queue with a database {@code failed_jobs}. The two stores cannot
 * change together, so a failure is recorded first and the job removed second: a crash in
 * between leaves a job that runs again and a failed record, never a job that vanishes.
 */
public final class FailedJobsElsewhere implements QueueBackend {
    private final QueueBackend queue;
    private final QueueBackend failedHome;

    public FailedJobsElsewhere(QueueBackend queue, QueueBackend failedHome) {
        this.queue = queue;
        this.failedHome = failedHome;
    }

    @Override
    public boolean fail(ReservedJob job, String exception) {
        // the reservation must still be ours before a record (which replaces one of the same uuid) is written
        if (!queue.renew(job)) return false;
        long id = failedHome.failedJobs().record(queue.connectionName(), job.queue(), job.rawPayload(), exception);
        if (queue.ack(job)) return true;
        failedHome.failedJobs().forget(Long.toString(id)); // the reservation was lost: the job is not ours to fail
        return false;
    }

    /** The queue's: locks live where the jobs are. */
    @Override
    public Locks locks() {
        return queue.locks();
    }

    @Override
    public RateLimits rateLimits() {
        return queue.rateLimits();
    }

    @Override
    public JobKeys jobKeys() {
        return queue.jobKeys();
    }

    /**
     * The queue's: a batch's jobs and counts change together, so they live where the jobs are.
     * Only a failure's record moves: the queue store counts it in the batch, then the record is
     * written to the failed store and the queue store's copy is dropped.
     */
    @Override
    public Batches batches() {
        Batches own = queue.batches();
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
                failedHome.failedJobs().record(queue.connectionName(), job.queue(), job.rawPayload(), exception);
                String uuid = Payload.parse(job.rawPayload()).uuid();
                queue.failedJobs()
                        .find(uuid)
                        .ifPresent(copy -> queue.failedJobs().forget(Long.toString(copy.id())));
                return true;
            }

            @Override
            public long prune(java.time.Instant finished, java.time.Instant unfinished, java.time.Instant cancelled) {
                return own.prune(finished, unfinished, cancelled);
            }
        };
    }

    @Override
    public ScheduleHistory scheduleHistory() {
        return queue.scheduleHistory();
    }

    @Override
    public FailedJobStore failedJobs() {
        return failedHome.failedJobs();
    }

    /** The queue's: its workers and their signals live with the jobs. */
    @Override
    public WorkerRegistry workers() {
        return queue.workers();
    }

    @Override
    public Controls controls() {
        return queue.controls();
    }

    @Override
    public String connectionName() {
        return queue.connectionName();
    }

    @Override
    public Duration retryAfter() {
        return queue.retryAfter();
    }

    /** The queue's: pushes, reservations and wake-ups are all its. */
    @Override
    public Set<Capability> capabilities() {
        return queue.capabilities();
    }

    @Override
    public void migrate() {
        queue.migrate();
    }

    @Override
    public String push(PushRequest request) {
        return queue.push(request);
    }

    @Override
    public List<String> pushAll(java.util.Iterator<PushRequest> requests, IntConsumer progress) {
        return queue.pushAll(requests, progress);
    }

    @Override
    public List<ReservedJob> reserve(List<String> queues, int max) {
        return queue.reserve(queues, max);
    }

    @Override
    public boolean ack(ReservedJob job) {
        return queue.ack(job);
    }

    @Override
    public List<Boolean> ackAll(List<ReservedJob> jobs) {
        return queue.ackAll(jobs);
    }

    @Override
    public boolean release(ReservedJob job, String payload, Duration delay) {
        return queue.release(job, payload, delay);
    }

    @Override
    public void tidy() {
        queue.tidy();
    }

    @Override
    public boolean postpone(ReservedJob job, Duration delay) {
        return queue.postpone(job, delay);
    }

    @Override
    public boolean unreserve(ReservedJob job) {
        return queue.unreserve(job);
    }

    @Override
    public boolean renew(ReservedJob job) {
        return queue.renew(job);
    }

    @Override
    public AutoCloseable onNewJobs(List<String> queues, Runnable wake) {
        return queue.onNewJobs(queues, wake);
    }

    @Override
    public QueueSizes sizes(String name) {
        return queue.sizes(name);
    }

    @Override
    public java.util.Optional<QueuedJob> findQueued(String id, java.util.Collection<String> queues) {
        return queue.findQueued(id, queues);
    }

    @Override
    public long clear(String name) {
        return queue.clear(name);
    }

    @Override
    public void close() {
        try {
            queue.close();
        } finally {
            failedHome.close();
        }
    }
}
