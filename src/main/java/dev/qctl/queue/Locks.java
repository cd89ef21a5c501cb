package dev.qctl.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Named locks held in the store, each tagged with its owner and an expiry measured by the
 * store's clock (SQL {@code now()}, Redis {@code PX}), so clock skew between hosts moves
 * nothing and a holder that dies hard frees its lock once the expiry passes. The scheduler's
 * {@code without_overlapping} and {@code on_one_server} use them.
 */
public interface Locks {

    /** A lock as the store holds it now. */
    record Held(String name, String owner, Instant expiresAt) {}

    /**
     * Takes the lock for {@code owner} for {@code ttl} (whole seconds, rounded up) if nobody
     * holds it or its holder's expiry has passed. True if the caller now holds it.
     */
    boolean acquire(String name, String owner, Duration ttl);

    /** Gives the lock up if {@code owner} still holds it; false (changing nothing) otherwise. */
    boolean release(String name, String owner);

    /**
     * {@link #acquire} for each name, in one round trip where the store can; the result says, name
     * by name, whether the caller now holds it. A batch of {@code qctl retry all} uses it.
     */
    default List<Boolean> acquireAll(List<String> names, String owner, Duration ttl) {
        return names.stream().map(name -> acquire(name, owner, ttl)).toList();
    }

    /** {@link #release} for each name, in one round trip where the store can. */
    default void releaseAll(List<String> names, String owner) {
        names.forEach(name -> release(name, owner));
    }

    /** Who holds the lock now, unless it is free or expired. */
    Optional<Held> holder(String name);

    /** Every unexpired lock whose name starts with {@code prefix}, by name. */
    List<Held> held(String prefix);

    /** Drops the lock whoever holds it; true if there was one. */
    boolean clear(String name);
}
