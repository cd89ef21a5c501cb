package dev.qctl.config;

/**
 * A queue named under qctl.yml's {@code queues:}: what applies to every job taken from it,
 * whatever its handler.
 *
 * @param limit the rate limit every job of the queue starts under ({@code limit:} naming one of {@code limits:})
 */
public record QueueSpec(String name, RateLimitSpec limit) {}
