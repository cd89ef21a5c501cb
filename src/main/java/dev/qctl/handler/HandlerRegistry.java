package dev.qctl.handler;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Maps a payload's {@code job} field to the handler that runs it. */
public final class HandlerRegistry {
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();

    /** The handlers every worker has: {@code exec} and {@code noop}. */
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

    public Optional<JobHandler> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(handlers.get(name));
    }
}
