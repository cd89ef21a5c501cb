package dev.qctl.queue;

/**
 * A job still in the store, found by its id ({@link QueueBackend#findQueued}).
 *
 * @param state   {@code pending} (available now), {@code delayed} (not yet) or {@code reserved} (held by a worker)
 * @param payload the job's body as stored
 */
public record QueuedJob(String id, String queue, String state, String payload) {}
