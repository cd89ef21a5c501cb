package dev.qctl.handler;

import dev.qctl.config.RateLimitSpec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Maps a payload's {@code job} field to the handler that runs it. */
public final class HandlerRegistry {
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, RateLimitSpec> limits = new ConcurrentHashMap<>();
    /** For families of names no map can list, such as {@code java:<class>}. */
    private volatile Function<String, Optional<JobHandler>> fallback = name -> Optional.empty();

    /**
     * The handlers every worker has: {@code exec} (run unconditionally) and {@code noop}. For
     * embedding and tests; the CLI worker uses {@link WorkerHandlers}, which refuses unsigned raw jobs.
     */
    public static HandlerRegistry builtIn() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(dev.qctl.queue.Payload.EXEC, new ExecHandler());
        registry.register(NoopHandler.NAME, new NoopHandler());
        return registry;
    }

    public HandlerRegistry register(String name, JobHandler handler) {
        handlers.put(name, handler);
        return this;
    }

    /** Makes jobs of handler {@code name} start under {@code limit}. */
    public HandlerRegistry limit(String name, RateLimitSpec limit) {
        limits.put(name, limit);
        return this;
    }

    /** The rate limit jobs of handler {@code name} start under, or null (most handlers have none). */
    public RateLimitSpec limitOf(String name) {
        return name == null || limits.isEmpty() ? null : limits.get(name);
    }

    /** Consulted for names that were not registered. */
    public HandlerRegistry fallback(Function<String, Optional<JobHandler>> resolver) {
        this.fallback = resolver;
        return this;
    }

    public Optional<JobHandler> find(String name) {
        if (name == null) return Optional.empty();
        JobHandler handler = handlers.get(name);
        return handler != null ? Optional.of(handler) : fallback.apply(name);
    }
}
