package dev.qctl.handler;

import dev.qctl.api.JobData;
import dev.qctl.config.AlertSpec;
import dev.qctl.config.HandlerSpec;
import dev.qctl.config.NamedConnection;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.QueueSpec;
import dev.qctl.config.SigningKey;
import dev.qctl.queue.Payload;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The handlers a CLI worker runs: qctl.yml's named handlers and Java job classes always; raw
 * {@code exec}/{@code http} jobs only when signed with the worker's key, or when raw jobs are
 * allowed. Safe by default, because anyone who can write to the store could otherwise run
 * commands on every worker.
 *
 * @param allowRaw       run raw jobs unsigned (allow_raw: true / --allow-raw)
 * @param key            the signing key, to check signatures and decrypt data (looked up again while there is none)
 * @param jobClasses     where Java job classes are loaded from
 * @param defaultTimeout the worker's --timeout, for HTTP requests of jobs that set none
 */
public record WorkerHandlers(
        boolean allowRaw, Supplier<Optional<SigningKey>> key, ClassLoader jobClasses, Duration defaultTimeout) {

    public HandlerRegistry registry(QctlConfig config, PrintStream log) {
        Set<String> secretEnv = config.connections().values().stream()
                .map(NamedConnection::passwordEnv)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        ExecHandler exec = new ExecHandler(secretEnv);
        boolean raw = !allowRaw;
        HandlerRegistry registry = new HandlerRegistry()
                .register(Payload.EXEC, new PayloadGuard(exec, raw, key))
                .register("http", new PayloadGuard(new HttpHandler(defaultTimeout), raw, key))
                .register(NoopHandler.NAME, new NoopHandler());
        for (HandlerSpec spec : config.handlers().values()) {
            JobHandler handler = switch (spec.kind()) {
                case "exec" -> new NamedExecHandler(spec, exec);
                case "http" -> new HttpHandler(spec.http(), defaultTimeout);
                default -> new JavaJobHandler(spec.javaClass(), jobClasses, log);
            };
            registry.register(spec.name(), new PayloadGuard(handler, false, key));
            if (spec.limit() != null) registry.limit(spec.name(), spec.limit());
            for (String glob : spec.match()) registry.bind(new JobNamePattern(glob, spec.name()));
            if (spec.overlap() != null) registry.withoutOverlapping(spec.name(), spec.overlap());
        }
        for (QueueSpec queue : config.queues().values())
            if (queue.limit() != null) registry.queueLimit(queue.name(), queue.limit());
        for (AlertSpec alert : config.alerts().values())
            registry.register(alert.handlerName(), new AlertHandler(alert, registry, defaultTimeout));
        JobHandler java = new PayloadGuard(new JavaJobHandler(null, jobClasses, log), false, key);
        return registry.fallback(name -> name.startsWith(JobData.PREFIX) && name.length() > JobData.PREFIX.length()
                ? Optional.of(java)
                : Optional.empty());
    }
}
