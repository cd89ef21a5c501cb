package dev.qctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.api.JobData;
import dev.qctl.base.UsageException;
import dev.qctl.config.HandlerSpec;
import dev.qctl.config.Placeholders;
import dev.qctl.config.QctlConfig;
import dev.qctl.queue.InvalidPayloadException;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueNames;
import dev.qctl.worker.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the payloads `qctl dispatch` enqueues: raw commands, jobs for qctl.yml's named
 * handlers (their placeholders checked now, so a missing value is a dispatch error rather
 * than a failed job), raw {@code http} jobs and {@code java:<class>} jobs. Settings come from
 * flags first, then the handler, then qctl.yml's defaults.
 */
final class JobFactory {
    private final QctlConfig config;
    private final JobOptions flags;
    private final String explicitQueue;

    JobFactory(QctlConfig config, JobOptions flags, String explicitQueue) {
        this.config = config;
        this.flags = flags;
        this.explicitQueue = explicitQueue;
    }

    /** Raw jobs run whatever their payload says, so workers want them signed. */
    static boolean isRaw(String job) {
        return Payload.EXEC.equals(job) || "http".equals(job);
    }

    PushRequest exec(List<String> argv, JsonNode input, Duration delay) {
        return new PushRequest(queue(null, null), Payload.exec(argv, input, flags), delay);
    }

    /** A job for handler {@code name}: one from qctl.yml, or the built-in exec/http, or java:CLASS. */
    PushRequest named(
            String name, JsonNode data, JobOptions lineOptions, String lineQueue, Duration delay, boolean fromFile) {
        JobOptions options = lineOptions != null ? lineOptions.orElse(flags) : flags;
        String explicit = lineQueue;
        if (name.equals(Payload.EXEC)) {
            JsonNode argv = data == null ? null : data.get("argv");
            if (argv == null) throw new InvalidPayloadException("exec job needs data.argv");
            return new PushRequest(
                    queue(explicit, null),
                    Payload.exec(stringList(argv, "data.argv"), data.get("input"), options),
                    delay);
        }
        if (name.equals("http")) {
            if (data == null || !data.isObject() || !data.path("url").isTextual()) {
                throw new InvalidPayloadException(
                        "http job needs data {\"method\":…, \"url\":…, \"headers\":{…}, \"body\":…}");
            }
            return new PushRequest(queue(explicit, null), Payload.create("http", "http", data, options), delay);
        }
        if (name.startsWith(JobData.PREFIX)) {
            String cls = name.substring(JobData.PREFIX.length());
            return new PushRequest(queue(explicit, null), Payload.create(name, cls, data, options), delay);
        }
        HandlerSpec handler = config.handler(name).orElse(null);
        if (handler == null) {
            if (fromFile) {
                // a --from line may carry a payload for some other consumer (e.g. a Laravel class): kept as it is
                return new PushRequest(
                        queue(explicit, null), Payload.create(name, displayNameFor(name, data), data, options), delay);
            }
            throw new UsageException("no handler named '" + name + "'"
                    + (config.exists() ? " in " + config.file() : " (no qctl.yml found)")
                    + "; to run a command, put it after --: qctl dispatch -- " + name);
        }
        checkPlaceholders(handler, data == null ? Json.MAPPER.createObjectNode() : data);
        return new PushRequest(
                queue(explicit, handler.queue()),
                Payload.create(name, name, data, options.orElse(handler.options())),
                delay);
    }

    /**
     * Laravel's display name for a job it did not name itself, as {@code queue:failed} reads one
     * back: the queued class ({@code data.commandName}, else the first quoted name in the serialized
     * {@code data.command}), not the {@code CallQueuedHandler@call} that runs every class.
     */
    static String displayNameFor(String job, JsonNode data) {
        if (data != null && data.path("commandName").isTextual())
            return data.get("commandName").asText();
        if (data != null && data.path("command").isTextual()) {
            java.util.regex.Matcher m = QUOTED.matcher(data.get("command").asText());
            if (m.find()) return m.group(1);
        }
        return job;
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("\"([^\"]+)\"");

    /** A line of a --from file: a JSON array (argv) or {"job", "data", "queue", "delay", "tries", "backoff", "timeout"}. */
    PushRequest line(String line, Duration defaultDelay) {
        JsonNode node = Json.parse(line, "line");
        if (node.isArray())
            return new PushRequest(
                    queue(null, null), Payload.exec(stringList(node, "the argv array"), null, flags), defaultDelay);
        if (!node.isObject()) throw new InvalidPayloadException("line is neither a JSON array (argv) nor an object");
        JsonNode job = node.get("job");
        if (job == null || !job.isTextual() || job.asText().isBlank())
            throw new InvalidPayloadException("object has no \"job\" name");
        JobOptions lineOptions = new JobOptions(
                optionalInt(node, "tries"),
                null,
                node.hasNonNull("backoff")
                        ? Backoff.validate(node.get("backoff").asText())
                        : null,
                optionalInt(node, "timeout"),
                null,
                null);
        String lineQueue = null;
        if (node.hasNonNull("queue")) {
            if (!node.get("queue").isTextual()) throw new InvalidPayloadException("\"queue\" must be a string");
            lineQueue = QueueNames.check(node.get("queue").asText(), "\"queue\"");
        }
        Duration lineDelay =
                node.hasNonNull("delay") ? Durations.parse(node.get("delay").asText(), "delay") : defaultDelay;
        PushRequest request = named(job.asText(), node.get("data"), lineOptions, lineQueue, lineDelay, true);
        Payload keyed = withLineKeys(request.payload(), node);
        return keyed == request.payload() ? request : new PushRequest(request.queue(), keyed, request.delay());
    }

    /** A line's "id" (as dispatch --id) or "unique_for"/"unique_key"/"unique_until_processing" (as --unique-for …). */
    private static Payload withLineKeys(Payload payload, JsonNode node) {
        String id = optionalText(node, "id");
        String uniqueKey = optionalText(node, "unique_key");
        String uniqueFor = optionalText(node, "unique_for");
        boolean untilProcessing = node.path("unique_until_processing").asBoolean(false);
        if (id != null) {
            if (uniqueFor != null) throw new InvalidPayloadException("give either \"id\" or \"unique_for\", not both");
            if (id.length() > 150) throw new InvalidPayloadException("\"id\" must be 1 to 150 characters");
            return payload.with(JobKeys.KEY_FIELD, id);
        }
        if (uniqueFor == null) {
            if (uniqueKey != null || untilProcessing)
                throw new InvalidPayloadException("\"unique_key\" and \"unique_until_processing\" need \"unique_for\"");
            return payload;
        }
        return UniqueOptions.stamp(payload, uniqueKey, Durations.parse(uniqueFor, "unique_for"), untilProcessing);
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual() || n.asText().isBlank())
            throw new InvalidPayloadException("\"" + field + "\" must be a non-empty string");
        return n.asText();
    }

    /** Queue precedence: the line's or --queue/$QCTL_QUEUE, then the handler's, then qctl.yml's defaults.queue, then "default". */
    private String queue(String line, String handlerQueue) {
        if (line != null) return line;
        if (explicitQueue != null) return explicitQueue;
        if (handlerQueue != null) return handlerQueue;
        return config.defaults().queue() != null ? config.defaults().queue() : "default";
    }

    private static void checkPlaceholders(HandlerSpec handler, JsonNode data) {
        List<String> templates = new ArrayList<>();
        if (handler.exec() != null) templates.addAll(handler.exec());
        if (handler.http() != null) {
            templates.add(handler.http().url());
            templates.addAll(handler.http().headers().values());
            if (handler.http().body() != null && handler.http().body().isTextual())
                templates.add(handler.http().body().asText());
        }
        for (String t : templates) {
            try {
                Placeholders.fill(t, data, v -> v);
            } catch (IllegalArgumentException e) {
                throw new UsageException("handler " + handler.name() + ": " + e.getMessage());
            }
        }
    }

    private static List<String> stringList(JsonNode node, String what) {
        if (!node.isArray() || node.isEmpty())
            throw new InvalidPayloadException(what + " must be a non-empty array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode part : node) {
            if (!part.isTextual()) throw new InvalidPayloadException(what + " must hold only strings");
            out.add(part.asText());
        }
        return out;
    }

    private static Integer optionalInt(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.canConvertToInt() || n.asInt() < 0)
            throw new InvalidPayloadException("\"" + field + "\" must be a whole number ≥ 0");
        return n.asInt();
    }
}
