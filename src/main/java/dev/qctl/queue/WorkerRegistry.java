package dev.qctl.queue;

import java.time.Duration;
import java.util.List;

/**
 * The store's list of live workers (their heartbeats). Entries expire by the store's clock:
 * one not beaten again within its {@code ttl} is gone from {@link #list()} and removed by the
 * next {@link #prune()} (which every beat also does), so a worker killed with {@code kill -9}
 * disappears within its expiry and nobody has to clean up after it.
 */
public interface WorkerRegistry {
    /** Writes (or replaces) the worker's entry, live until {@code ttl} after now by the store's clock. */
    void beat(WorkerInfo worker, Duration ttl);

    /** The live entries, each with {@link WorkerInfo#lastSeen()} the store's time of its beat. */
    List<WorkerInfo> list();

    /** Removes one entry (a worker that exits cleanly); false if there was none. */
    boolean remove(String id);

    /** Removes the expired entries; returns how many. */
    int prune();

    /** The store's clock, in whole Unix seconds (the time {@link WorkerInfo#lastSeen()} is on). */
    long now();
}
