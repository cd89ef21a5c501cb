package dev.qctl.queue;

import java.time.Duration;

/**
 * Keys that let one job at a time be queued under a name, kept as named locks in the store's lock
 * space (so {@link Locks#held} lists them). Two kinds share the machinery:
 *
 * <ul>
 *   <li>dispatch ids ({@code dispatch --id}, BullMQ's {@code jobId}), lock {@link #LOCK_PREFIX} +
 *       key: held while the job is waiting, delayed or running, and freed when it leaves the
 *       queue (done, or failed for good), or held a while longer ({@link #KEEP_FIELD});
 *   <li>unique jobs ({@code dispatch --unique-for}, Laravel's {@code ShouldBeUnique}), lock
 *       {@link #UNIQUE_PREFIX} + key: held like an id but never longer than the unique-for
 *       duration, and with {@link #UNTIL_PROCESSING_FIELD} freed as the job starts instead.
 * </ul>
 *
 * Pushing under a held lock adds nothing and names the job holding it.
 */
public interface JobKeys {
    /** The payload field naming the job's dispatch id; the worker frees it as the job leaves the queue. */
    String KEY_FIELD = "qctlKey";

    /** The payload field giving the seconds the dispatch id stays held after the job is done. */
    String KEEP_FIELD = "qctlKeepKey";

    /** The payload field naming the job's unique key. */
    String UNIQUE_FIELD = "qctlUnique";

    /** The payload field giving the seconds a unique key is held at most (the unique-for duration). */
    String UNIQUE_FOR_FIELD = "qctlUniqueFor";

    /** The payload field (present: true) saying the unique key is freed when the job starts, not when it ends. */
    String UNTIL_PROCESSING_FIELD = "qctlUniqueUntilProcessing";

    /** The lock name of a dispatch id is this prefix and the id. */
    String LOCK_PREFIX = "id:";

    /** The lock name of a unique key is this prefix and the key. */
    String UNIQUE_PREFIX = "unique:";

    /** What a keyed push did: pushed a new job {@code id}, or found the lock held by job {@code id}. */
    record Pushed(String id, boolean duplicate) {}

    /**
     * Pushes the job unless lock {@code lock} is held, and holds it for the job until the job
     * leaves the queue, or at most {@code holdAtMost} (null: no limit); atomic against any number
     * of concurrent pushers, so one of them pushes and the others are told its id.
     */
    Pushed push(String lock, Duration holdAtMost, PushRequest request);

    /** Pushes under a dispatch id ({@code dispatch --id}): held until the job leaves the queue. */
    default Pushed push(String key, PushRequest request) {
        return push(LOCK_PREFIX + key, null, request);
    }

    /**
     * Acknowledges a finished keyed job and, in the same step, frees its lock (or holds it for
     * {@code keep}); false, changing nothing, if the reservation was lost.
     */
    boolean ackFreeing(ReservedJob job, String lock, Duration keep);

    /** {@link #ackFreeing} for a dispatch id. */
    default boolean ack(ReservedJob job, String key, Duration keep) {
        return ackFreeing(job, LOCK_PREFIX + key, keep);
    }

    /**
     * Frees lock {@code lock} if job {@code jobId} still holds it (or holds it for {@code keep}
     * more): for a job that left the queue some other way (failed for good, skipped with its
     * batch), or a unique-until-processing job that started.
     */
    void free(String lock, String jobId, Duration keep);

    /** {@link #free} for a dispatch id. */
    default void finish(String key, String jobId, Duration keep) {
        free(LOCK_PREFIX + key, jobId, keep);
    }

    /** The dispatch id a payload was pushed under, or null. */
    static String keyOf(Payload payload) {
        return payload.textOr(KEY_FIELD);
    }

    /** The lock a payload's job holds until it leaves the queue (its id, or its unique key), or null. */
    static String lockOf(Payload payload) {
        String id = payload.textOr(KEY_FIELD);
        if (id != null) return LOCK_PREFIX + id;
        String unique = payload.textOr(UNIQUE_FIELD);
        if (unique == null || untilProcessing(payload)) return null;
        return UNIQUE_PREFIX + unique;
    }

    /** The lock a payload's job is pushed under (its id, or its unique key, whenever it frees it), or null. */
    static String pushLockOf(Payload payload) {
        String id = payload.textOr(KEY_FIELD);
        if (id != null) return LOCK_PREFIX + id;
        String unique = payload.textOr(UNIQUE_FIELD);
        return unique == null ? null : UNIQUE_PREFIX + unique;
    }

    /** How long a payload's lock is held at most: its unique-for duration, or null (until it leaves the queue). */
    static Duration holdOf(Payload payload) {
        if (payload.textOr(KEY_FIELD) != null) return null;
        int seconds = payload.intOr(UNIQUE_FOR_FIELD, 0);
        return seconds > 0 ? Duration.ofSeconds(seconds) : null;
    }

    /** The unique lock a payload's job frees as it starts (unique until processing), or null. */
    static String startLockOf(Payload payload) {
        String unique = payload.textOr(UNIQUE_FIELD);
        return unique != null && untilProcessing(payload) ? UNIQUE_PREFIX + unique : null;
    }

    private static boolean untilProcessing(Payload payload) {
        return payload.has(UNTIL_PROCESSING_FIELD);
    }

    /** How long the payload asks its key to stay held after it is done (zero: freed at once). */
    static Duration keepOf(Payload payload) {
        return Duration.ofSeconds(Math.max(0, payload.intOr(KEEP_FIELD, 0)));
    }
}
