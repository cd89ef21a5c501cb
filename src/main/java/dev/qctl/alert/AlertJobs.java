package dev.qctl.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.Text;
import dev.qctl.config.AlertSpec;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import java.util.Map;

/**
 * Dispatches an alert's notification as a job on its alert queue: the facts go in the job's
 * data (for the request's {@code {placeholders}}), the request itself stays in qctl.yml.
 */
final class AlertJobs {
    /** An error is cut to this many characters: a chat message, not a stack trace. */
    private static final int ERROR_CHARS = 500;

    private AlertJobs() {}

    static String dispatch(QueueBackend backend, AlertSpec alert, Map<String, String> facts) {
        ObjectNode data = Json.MAPPER.createObjectNode().put("alert", alert.name());
        for (String key : new String[] {"queue", "job", "error", "id", "uuid", "pending", "oldest_wait", "workers"})
            data.put(key, "");
        facts.forEach((k, v) -> data.put(k, k.equals("error") ? cut(v) : v));
        data.put("host", Host.NAME);
        Payload payload = Payload.create(
                alert.handlerName(),
                alert.handlerName(),
                data,
                new JobOptions(alert.tries(), null, alert.backoff(), 30, null, false));
        return backend.push(PushRequest.now(alert.queue(), payload));
    }

    private static String cut(String error) {
        String line = Text.firstLine(error == null ? "" : error);
        return line.length() <= ERROR_CHARS ? line : line.substring(0, ERROR_CHARS - 1) + "…";
    }
}
