package dev.qctl.queue;

/**
 * What a store can do beyond the minimum every {@link QueueBackend} guarantees. A store lists
 * its own in {@link QueueBackend#capabilities()}; where it does not, the documented fallback
 * holds instead, and the contract suite checks that fallback rather than skipping the test.
 */
public enum Capability {
    /**
     * {@link QueueBackend#onNewJobs} calls {@code wake} soon after a push to a watched queue
     * (PostgreSQL LISTEN/NOTIFY, Redis BLPOP on the notify lists). Without it the subscription
     * never calls, and a worker finds new jobs when it polls, every --sleep.
     */
    WAKE_ON_PUSH,

    /**
     * {@link QueueBackend#pushBulk} stores all of its jobs or none: one that fails midway (the
     * store's error, or the caller's progress callback throwing) leaves nothing behind. Without
     * it, the jobs reported written before the failure stay, whole and in their order, and none
     * after them are stored (Redis writes a bulk push 1,000 jobs at a time, each chunk atomic).
     */
    ATOMIC_BULK_PUSH
}
