package dev.qctl.queue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The one interface every store implements (SQLite, PostgreSQL, MySQL/MariaDB, Redis).
 * Commands and the worker only ever talk to this; they never ask which store they hold.
 *
 * <p>Delivery is at-least-once. A reserved job stays in the store until it is deleted,
 * released or failed; if its lease is not renewed within {@link #retryAfter()} another
 * worker may reserve it again. Every call that touches a reserved job is fenced by the
 * reservation's attempt number and returns {@code false} (changing nothing) when the
 * reservation is no longer the caller's. Lease times come from the store's clock.
 */
public interface QueueBackend extends AutoCloseable {

    /** The connection's name as recorded in failed_jobs.connection (e.g. "sqlite", "default"). */
    String connectionName();

    /** How long a reservation lasts without renewal before the job may run elsewhere. */
    Duration retryAfter();

    /** What this store can do beyond the minimum (see {@link Capability}); none by default. */
    default Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * The highest attempt number the store can count for a job. A job reserved at this number
     * cannot be counted again, so the worker fails it with the reason instead of running it.
     */
    default long attemptsLimit() {
        return Long.MAX_VALUE;
    }

    /** Creates the store's tables/keys if missing; safe to run any number of times. */
    void migrate();

    /** Enqueues one job and returns its id. */
    String push(PushRequest request);

    /**
     * Enqueues many jobs and returns their ids in order: all or none where the store declares
     * {@link Capability#ATOMIC_BULK_PUSH}, else a failure midway keeps the jobs written before it.
     */
    default List<String> pushBulk(List<PushRequest> requests) {
        return pushBulk(requests, done -> {});
    }

    /**
     * As {@link #pushBulk(List)}, telling {@code progress} how many are written so far, now and
     * then. If {@code progress} throws, the push stops there and the exception reaches the caller.
     */
    default List<String> pushBulk(List<PushRequest> requests, IntConsumer progress) {
        return pushAll(requests.iterator(), progress);
    }

    /**
     * As {@link #pushBulk(List, IntConsumer)}, taking the jobs from {@code requests} as it writes
     * them, so a million-line file never sits in memory at once. If the iterator throws (a bad
     * line), the push stops there as if {@code progress} had thrown.
     */
    List<String> pushAll(java.util.Iterator<PushRequest> requests, IntConsumer progress);

    /**
     * Reserves up to {@code max} available jobs, trying the queues strictly in the given
     * order: a later queue is only used when the earlier ones have nothing available.
     * Each returned job's attempt count has been incremented in the store.
     */
    List<ReservedJob> reserve(List<String> queues, int max);

    /** Acknowledges a finished job by removing it. False if the reservation was lost. */
    boolean ack(ReservedJob job);

    /**
     * Acknowledges several finished jobs at once, where the store can do it in one round
     * trip; the result says, job by job, whether the ack applied (false = reservation lost).
     */
    default List<Boolean> ackAll(List<ReservedJob> jobs) {
        return jobs.stream().map(this::ack).toList();
    }

    /**
     * Puts a job back on its queue, available after {@code delay}, keeping its attempts.
     * {@code payload} is stored as the job's new body: the job's own payload, or a copy the
     * worker updated (it counts failed attempts in it for maxExceptions).
     */
    boolean release(ReservedJob job, String payload, Duration delay);

    /**
     * Hands back a job this worker reserved but never started (it was prefetched and the worker
     * is stopping): the job is available again at once, keeps its place in the queue, and the
     * reservation does not count as an attempt. False if the reservation was lost.
     */
    boolean unreserve(ReservedJob job);

    /**
     * Puts back a job this worker reserved but may not start yet (a rate limit is used up, an
     * overlap lock is held): available after {@code delay}, its payload unchanged, and the
     * reservation not counted as an attempt. False if the reservation was lost.
     */
    boolean postpone(ReservedJob job, Duration delay);

    /** Extends the job's lease by {@link #retryAfter()} from now (store time). */
    boolean renew(ReservedJob job);

    /**
     * Renews several leases at once, where the store can do it in one round trip (so added
     * latency costs one round trip per worker, not one per running job); the result says, job
     * by job, whether the lease was still held.
     */
    default List<Boolean> renewAll(List<ReservedJob> jobs) {
        return jobs.stream().map(this::renew).toList();
    }

    /**
     * Removes the job from its queue and records it in the failed-job store with the given
     * exception text, together where the store allows. False if the reservation was lost.
     */
    boolean fail(ReservedJob job, String exception);

    /**
     * Calls {@code wake} soon after a job is pushed to one of {@code queues}, so an idle
     * worker need not wait out its --sleep (PostgreSQL LISTEN/NOTIFY, Redis blocking pops).
     * Stores without such a channel (no {@link Capability#WAKE_ON_PUSH}) return a subscription
     * that never calls; workers poll. A call may come with nothing new (after a reconnect, say):
     * the caller just reserves and finds nothing. Once {@code close()} returns, no call follows.
     */
    default AutoCloseable onNewJobs(List<String> queues, Runnable wake) {
        return () -> {};
    }

    /**
     * After a bulk change, lets the store reclaim dead rows and refresh its statistics where
     * it needs that (PostgreSQL: VACUUM ANALYZE jobs, as pgbench vacuums before it measures);
     * a no-op elsewhere.
     */
    default void tidy() {}

    /**
     * Throws when this process's clock cannot be trusted to time this store's leases, before a
     * worker takes a job: only a store that has no clock of its own (SQLite) checks anything.
     */
    default void checkLeaseClock() {}

    /** Counts of one queue's jobs by state. */
    QueueSizes sizes(String queue);

    /**
     * A job still in the store (pending, delayed or reserved) by the id {@link #push} returned,
     * or empty (finished, failed, or never there). SQL stores read the jobs table by its primary
     * key and need no {@code queues}; Redis keeps no index by id (Laravel's layout), so it walks
     * the lists and sets of {@code queues}, a thousand entries a script call, and also matches a
     * payload uuid. A job moving between states during that walk can be missed.
     */
    default java.util.Optional<QueuedJob> findQueued(String id, java.util.Collection<String> queues) {
        throw new UnsupportedOperationException(connectionName() + " cannot look jobs up by id");
    }

    /** Deletes every job of a queue, reserved ones included; returns how many. */
    long clear(String queue);

    /** The failed-job store this connection records failures in. */
    FailedJobStore failedJobs();

    /** The store's named locks (the scheduler's overlap and one-server locks). */
    default Locks locks() {
        throw new UnsupportedOperationException(connectionName() + " keeps no locks");
    }

    /** The store's dispatch keys ({@code dispatch --id}). */
    default JobKeys jobKeys() {
        throw new UnsupportedOperationException(connectionName() + " keeps no job keys");
    }

    /** The store's rate limits, shared by every worker on it. */
    default RateLimits rateLimits() {
        throw new UnsupportedOperationException(connectionName() + " keeps no rate limits");
    }

    /** The scheduler's run history in this store. */
    default ScheduleHistory scheduleHistory() {
        throw new UnsupportedOperationException(connectionName() + " keeps no schedule history");
    }

    /** The store's batches (Laravel's job_batches). */
    default Batches batches() {
        throw new UnsupportedOperationException(connectionName() + " keeps no batches");
    }

    /** The live workers' heartbeats, in this store. */
    WorkerRegistry workers();

    /** The restart signal and the paused queues, in this store. */
    Controls controls();

    /**
     * The restart entry of a Laravel cache kept in this store, or a usage error when this
     * store cannot hold that kind of cache (a SQL store holds {@code database}, Redis {@code redis}).
     */
    default AppRestartSignal laravelRestartSignal(LaravelCache cache) {
        throw new dev.qctl.base.UsageException(
                "a Laravel '" + cache.store() + "' cache cannot live in connection " + connectionName());
    }

    @Override
    void close();
}
