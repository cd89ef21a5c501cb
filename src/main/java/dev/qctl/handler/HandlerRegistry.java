package dev.qctl.handler;

import dev.qctl.config.OverlapSpec;
import dev.qctl.config.RateLimitSpec;
import dev.qctl.queue.Payload;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Maps a payload's {@code job} field to the handler that runs it; a payload whose job names no
 * handler may still be bound to one by its {@code displayName} or {@code job} ({@code match:},
 * for jobs other programs write, such as Laravel's {@code App\Jobs\…}).
 */
public final class HandlerRegistry {
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final List<JobNamePattern> bindings = new CopyOnWriteArrayList<>();
    private final Map<String, RateLimitSpec> limits = new ConcurrentHashMap<>();
    private final Map<String, RateLimitSpec> queueLimits = new ConcurrentHashMap<>();
    private final Map<String, OverlapSpec> overlaps = new ConcurrentHashMap<>();
    /** For families of names no map can list, such as {@code java:<class>}. */
    private volatile Function<String, Optional<JobHandler>> fallback = name -> Optional.empty();

    /**
     * The handlers every worker has: {@code exec} (run unconditionally) and {@code noop}. For
     * embedding and tests; the CLI worker uses {@link WorkerHandlers}, which refuses unsigned raw jobs.
     */
    public static HandlerRegistry builtIn() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(Payload.EXEC, new ExecHandler());
        registry.register(NoopHandler.NAME, new NoopHandler());
        return registry;
    }

    public HandlerRegistry register(String name, JobHandler handler) {
        handlers.put(name, handler);
        return this;
    }

    /** Runs payloads that {@code pattern} matches (by displayName or job) with handler {@code name}, when their job names none. */
    public HandlerRegistry bind(JobNamePattern pattern) {
        bindings.add(pattern);
        return this;
    }

    /** The handler a payload runs under: its {@code job} if a handler has that name, else the first binding that matches it. */
    public String nameFor(Payload payload) {
        String job = payload.job();
        if (job != null && handlers.containsKey(job)) return job;
        for (JobNamePattern binding : bindings) if (binding.matches(payload)) return binding.handler();
        return job;
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

    /** Makes every job taken from {@code queue} start under {@code limit}, whatever its handler. */
    public HandlerRegistry queueLimit(String queue, RateLimitSpec limit) {
        queueLimits.put(queue, limit);
        return this;
    }

    /** The rate limit every job of {@code queue} starts under, or null (most queues have none). */
    public RateLimitSpec limitOfQueue(String queue) {
        return queue == null || queueLimits.isEmpty() ? null : queueLimits.get(queue);
    }

    /** Makes jobs of handler {@code name} run one per overlap key at a time. */
    public HandlerRegistry withoutOverlapping(String name, OverlapSpec overlap) {
        overlaps.put(name, overlap);
        return this;
    }

    /** The handler's {@code without_overlapping:}, or null (most handlers have none). */
    public OverlapSpec overlapOf(String name) {
        return name == null || overlaps.isEmpty() ? null : overlaps.get(name);
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
