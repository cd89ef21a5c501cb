package dev.qctl.queue;

import java.time.Duration;
import java.util.List;

/**
 * The locks behind a handler's {@code without_overlapping:}: one named lock per handler and key
 * ({@link #PREFIX}{@code handler:key}) in the store's {@link Locks}, held by the running job's id
 * from just before it starts until it ends, and expiring on the store's clock if its worker dies.
 */
public final class OverlapLocks {
    /** Every overlap lock's name starts with this, apart from the scheduler's and the dispatch keys. */
    public static final String PREFIX = "overlap:";

    private final Locks locks;

    public OverlapLocks(Locks locks) {
        this.locks = locks;
    }

    /** The lock of {@code handler}'s jobs with {@code key} (empty: the handler's one lock). */
    public static String lockName(String handler, String key) {
        return PREFIX + handler + (key.isEmpty() ? "" : ":" + key);
    }

    /** Takes the lock for job {@code jobId} if no other job holds it; true if the job may start. */
    public boolean take(String lock, String jobId, Duration expireAfter) {
        return locks.acquire(lock, jobId, expireAfter);
    }

    /** Frees the lock if job {@code jobId} still holds it (it may have expired and gone to another). */
    public boolean release(String lock, String jobId) {
        return locks.release(lock, jobId);
    }

    /** The overlap locks held now, by name. */
    public List<Locks.Held> held() {
        return locks.held(PREFIX);
    }
}
