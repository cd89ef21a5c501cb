package dev.qctl.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Laravel's job envelope: {@code uuid, displayName, job, maxTries, maxExceptions,
 * failOnTimeout, backoff, timeout, retryUntil, data}, plus {@code createdAt}/{@code delay}
 * and, on Redis, {@code id}/{@code attempts}. Fields qctl does not know are kept as they
 * are, so a payload written by a Laravel app survives a round trip through qctl.
 */
public final class Payload {
    /** The handler name of a raw command job: {@code data.argv} is run, {@code data.input} goes to stdin. */
    public static final String EXEC = "exec";
    /** qctl's count of failed attempts so far, kept in the payload for maxExceptions. */
    public static final String EXCEPTIONS_FIELD = "qctlExceptions";

    private final ObjectNode root;
    /** The text it was read from (edited in place by {@link #with}/{@link #without}); null for a new envelope. */
    private final String text;

    private Payload(ObjectNode root, String text) {
        this.root = root;
        this.text = text;
    }

    private Payload(ObjectNode root) {
        this(root, null);
    }

    /**
     * Parses a stored payload; throws {@link InvalidPayloadException} if it is not a JSON object.
     * It is written back with the bytes it was read with, but for the fields qctl changes.
     */
    public static Payload parse(String raw) {
        JsonNode node = Json.parse(raw, "payload");
        if (!node.isObject()) throw new InvalidPayloadException("payload is not a JSON object");
        return new Payload((ObjectNode) node, raw);
    }

    /** A new envelope for handler {@code job} with the given data and options. */
    public static Payload create(String job, String displayName, JsonNode data, JobOptions options) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("uuid", UUID.randomUUID().toString());
        root.put("displayName", displayName);
        root.put("job", job);
        root.put("maxTries", options.maxTries());
        root.put("maxExceptions", options.maxExceptions());
        root.put("failOnTimeout", options.failOnTimeout() != null && options.failOnTimeout());
        root.put("backoff", options.backoff());
        root.put("timeout", options.timeout());
        root.put("retryUntil", options.retryUntil());
        root.set("data", data == null ? JsonNodeFactory.instance.nullNode() : data);
        root.put("createdAt", Instant.now().getEpochSecond());
        return new Payload(root);
    }

    /** An exec job: run {@code argv} (no shell), with {@code input} as JSON on stdin. */
    public static Payload exec(List<String> argv, JsonNode input, JobOptions options) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("argv", Json.MAPPER.valueToTree(argv));
        if (input != null && !input.isNull()) data.set("input", input);
        return create(EXEC, String.join(" ", argv), data, options);
    }

    public String uuid() {
        return text("uuid");
    }

    public String job() {
        return text("job");
    }

    public String displayName() {
        String name = text("displayName");
        return name != null ? name : job();
    }

    /**
     * The batch this job belongs to, or null: qctl's {@link Batch#FIELD}, else the batchId Laravel's
     * Batchable trait serializes inside {@code data.command} ({@code s:7:"batchId";s:36:"…"}).
     * A job with neither pays one field lookup and, for a Laravel command, one substring search:
     * the command is only matched against the pattern once the substring is there.
     */
    public String batchId() {
        String own = text(Batch.FIELD);
        if (own != null) return own;
        JsonNode command = root.path("data").path("command");
        if (!command.isTextual()) return null;
        String php = command.textValue();
        int at = php.indexOf(LARAVEL_BATCH_MARK);
        if (at < 0) return null;
        Matcher m = LARAVEL_BATCH_ID.matcher(php);
        return m.find(at) ? m.group(1) : null;
    }

    /** The batch of any stored payload, for display ({@link #batchId()}); null when it has none or is unreadable. */
    public static String batchIdOf(String raw) {
        try {
            return parse(raw).batchId();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A batched job's serialized command has this; an unbatched Batchable one has {@code s:7:"batchId";N;}. */
    private static final String LARAVEL_BATCH_MARK = "s:7:\"batchId\";s:";

    private static final Pattern LARAVEL_BATCH_ID = Pattern.compile("s:7:\"batchId\";s:\\d+:\"([^\"]+)\"");

    public JsonNode data() {
        return root.path("data");
    }

    public JobOptions options() {
        return new JobOptions(
                integer("maxTries"),
                integer("maxExceptions"),
                backoffText(),
                integer("timeout"),
                root.hasNonNull("retryUntil") ? root.get("retryUntil").asLong() : null,
                root.hasNonNull("failOnTimeout") ? root.get("failOnTimeout").asBoolean() : null);
    }

    /** An integer field, or {@code fallback} when it is absent or not a number. */
    public int intOr(String field, int fallback) {
        JsonNode n = root.get(field);
        return n != null && n.canConvertToInt() ? n.asInt() : fallback;
    }

    /** A text field, or null when it is absent, empty or not a string. */
    public String textOr(String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    /** Sets a field (used when a payload is reset for a retry, or given a delay). */
    public Payload with(String field, Object value) {
        ObjectNode copy = root.deepCopy();
        JsonNode node = Json.MAPPER.valueToTree(value);
        copy.set(field, node);
        return new Payload(
                copy,
                text == null
                        ? null
                        : new TopLevelEdits().setJson(field, Json.write(node)).applyTo(text));
    }

    public boolean has(String field) {
        return root.has(field);
    }

    /** A copy without {@code field}. */
    public Payload without(String field) {
        if (!root.has(field)) return this;
        ObjectNode copy = root.deepCopy();
        copy.remove(field);
        return new Payload(
                copy, text == null ? null : new TopLevelEdits().remove(field).applyTo(text));
    }

    public String toJson() {
        return text != null ? text : Json.write(root);
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** Best-effort display name of a raw payload that may not even be JSON. */
    public static String displayNameOf(String raw) {
        try {
            return parse(raw).displayName();
        } catch (RuntimeException e) {
            return "(unreadable payload)";
        }
    }

    // Laravel writes backoff as a string ("1,5,10"); accept a number or an array too.
    private String backoffText() {
        JsonNode b = root.get("backoff");
        if (b == null || b.isNull()) return null;
        if (b.isArray()) {
            StringBuilder sb = new StringBuilder();
            b.forEach(n -> sb.append(sb.isEmpty() ? "" : ",").append(n.asText()));
            return sb.toString();
        }
        return b.asText();
    }

    private String text(String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private Integer integer(String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n.asInt();
    }
}
