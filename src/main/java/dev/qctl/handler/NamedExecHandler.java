package dev.qctl.handler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.config.HandlerSpec;
import dev.qctl.config.Placeholders;
import dev.qctl.queue.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A qctl.yml {@code exec:} handler: fills the argv template from the job's data (each
 * placeholder stays inside its one argv element; no shell) and runs it like a raw exec job,
 * with the data on stdin as JSON.
 */
final class NamedExecHandler implements JobHandler {
    private final HandlerSpec spec;
    private final ExecHandler exec;

    NamedExecHandler(HandlerSpec spec, ExecHandler exec) {
        this.spec = spec;
        this.exec = exec;
    }

    /** The argv for {@code data}; throws {@link Placeholders.MissingValueException} if a placeholder has no value. */
    static List<String> argv(List<String> template, com.fasterxml.jackson.databind.JsonNode data) {
        List<String> argv = new ArrayList<>(template.size());
        for (String part : template) argv.add(Placeholders.fill(part, data, UnaryOperator.identity()));
        return argv;
    }

    /** The most of a failure's reason {@code on_failure:} gets in {@link #FAILURE_REASON_ENV}. */
    private static final int REASON_LIMIT = 8192;
    /** The environment variable holding the failed record's exception text for {@code on_failure:}. */
    static final String FAILURE_REASON_ENV = "QCTL_FAILURE_REASON";
    /** The bound of an {@code on_failure:} program of a handler without {@code timeout:}. */
    private static final java.time.Duration HOOK_TIMEOUT = java.time.Duration.ofSeconds(30);

    @Override
    public void handle(Attempt context) throws Exception {
        exec.handle(withArgv(spec.exec(), context));
    }

    /** Runs {@code on_failure:} like the job itself, with the failure's reason in $QCTL_FAILURE_REASON. */
    @Override
    public void failedForGood(Attempt context, String reason) throws Exception {
        if (spec.onFailure() == null) return;
        String text = reason == null ? "" : reason;
        if (text.length() > REASON_LIMIT) text = text.substring(0, REASON_LIMIT);
        exec.run(withArgv(spec.onFailure(), context), java.util.Map.of(FAILURE_REASON_ENV, text));
    }

    @Override
    public boolean hasFailureHook() {
        return spec.onFailure() != null;
    }

    /** The handler's timeout, else 30 s: a hook that hangs must not hold the worker's slot for long. */
    @Override
    public java.time.Duration failureHookTimeout() {
        Integer timeout = spec.options() == null ? null : spec.options().timeout();
        return timeout != null && timeout > 0 ? java.time.Duration.ofSeconds(timeout) : HOOK_TIMEOUT;
    }

    private Attempt withArgv(List<String> template, Attempt context) throws UnhandleableJobException {
        List<String> argv;
        try {
            argv = argv(template, context.payload().data());
        } catch (IllegalArgumentException e) {
            throw new UnhandleableJobException("handler " + spec.name() + ": " + e.getMessage());
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("argv", Json.MAPPER.valueToTree(argv));
        // a job bound by match: was written by another program (Laravel): its program needs all of it
        data.set(
                "input",
                spec.match().isEmpty()
                        ? context.payload().data()
                        : Json.parse(context.payload().toJson(), "payload"));
        return new Attempt(
                context.jobId(),
                context.queue(),
                context.attempt(),
                context.connection(),
                context.payload().with("data", data));
    }
}
