package dev.qctl.queue;

import java.time.Duration;

/**
 * Idempotency keys for dispatch (BullMQ's {@code jobId}): while a job pushed under a key is
 * waiting, delayed or running, pushing again under that key adds nothing and names the first
 * job. The key is freed when its job leaves the queue (done, or failed for good), or held for a
 * while longer when the job asked for it ({@link #KEEP_FIELD}). Keys are kept as named locks
 * ({@link #LOCK_PREFIX} + key) in the store's lock space, so {@link Locks#held} lists them.
 */
public interface JobKeys {
    /** The payload field naming the job's key; the worker frees the key as the job leaves the queue. */
    String KEY_FIELD = "qctlKey";

    /** The payload field giving the seconds the key stays held after the job is done. */
    String KEEP_FIELD = "qctlKeepKey";

    /** The lock name of a key is this prefix and the key. */
    String LOCK_PREFIX = "id:";

    /** What a keyed push did: pushed a new job {@code id}, or found the key held by job {@code id}. */
    record Pushed(String id, boolean duplicate) {}

    /**
     * Pushes the job unless {@code key} is held; atomic against any number of concurrent pushers,
     * so one of them pushes and the others are told its id.
     */
    Pushed push(String key, PushRequest request);

    /**
     * Acknowledges a finished keyed job and, in the same step, frees its key (or holds it for
     * {@code keep}); false, changing nothing, if the reservation was lost.
     */
    boolean ack(ReservedJob job, String key, Duration keep);

    /**
     * Frees the key if job {@code jobId} still holds it (or holds it for {@code keep} more): for a
     * job that left the queue some other way (failed for good, skipped with its batch).
     */
    void finish(String key, String jobId, Duration keep);

    /** The key a payload was pushed under, or null. */
    static String keyOf(Payload payload) {
        return payload.textOr(KEY_FIELD);
    }

    /** How long the payload asks its key to stay held after it is done (zero: freed at once). */
    static Duration keepOf(Payload payload) {
        return Duration.ofSeconds(Math.max(0, payload.intOr(KEEP_FIELD, 0)));
    }
}
