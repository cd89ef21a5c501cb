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

    @Override
    public void handle(Attempt context) throws Exception {
        List<String> argv;
        try {
            argv = argv(spec.exec(), context.payload().data());
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
        exec.handle(new Attempt(
                context.jobId(),
                context.queue(),
                context.attempt(),
                context.connection(),
                context.payload().with("data", data)));
    }
}
