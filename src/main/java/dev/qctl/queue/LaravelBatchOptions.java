package dev.qctl.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code job_batches.options} column: a PHP {@code serialize()}d array, as Laravel writes and
 * reads it (base64 on PostgreSQL). qctl writes {@code allowFailures} where Laravel looks for it and
 * its own callbacks as one JSON string under {@code qctl}, a key Laravel ignores; it reads
 * {@code allowFailures} from Laravel's rows too. Laravel's own callbacks are PHP closures, which
 * qctl cannot run, so they are left alone. Only this fixed shape is written or read, which is why
 * this is a few lines here rather than a general PHP-serialization library.
 */
public final class LaravelBatchOptions {
    private static final Pattern ALLOW_FAILURES = Pattern.compile("s:13:\"allowFailures\";b:([01]);");
    private static final Pattern QCTL = Pattern.compile("s:4:\"qctl\";s:(\\d+):\"");

    private LaravelBatchOptions() {}

    /** The column's text for these options; {@code base64} on PostgreSQL, as Laravel stores it there. */
    public static String write(BatchOptions options, String queue, boolean base64) {
        String qctl = Json.write(toJson(options));
        String php = "a:3:{" + str("queue") + (queue == null ? "N;" : str(queue)) + str("allowFailures") + "b:"
                + (options.allowFailures() ? 1 : 0) + ";" + str("qctl") + str(qctl) + "}";
        return base64 ? Base64.getEncoder().encodeToString(php.getBytes(StandardCharsets.UTF_8)) : php;
    }

    /** The options a stored column holds (Laravel's or qctl's); unreadable text gives no callbacks. */
    public static BatchOptions read(String stored) {
        String php = decoded(stored);
        if (php == null) return BatchOptions.NONE;
        Matcher allow = ALLOW_FAILURES.matcher(php);
        boolean allowFailures = allow.find() && allow.group(1).equals("1");
        Matcher qctl = QCTL.matcher(php);
        if (!qctl.find()) return new BatchOptions(allowFailures, null, null, null);
        // PHP string lengths count bytes, not characters
        byte[] bytes = php.getBytes(StandardCharsets.UTF_8);
        int start = php.substring(0, qctl.end()).getBytes(StandardCharsets.UTF_8).length;
        int length = Integer.parseInt(qctl.group(1));
        if (start + length > bytes.length) return new BatchOptions(allowFailures, null, null, null);
        JsonNode json = Json.parse(new String(bytes, start, length, StandardCharsets.UTF_8), "batch options");
        return new BatchOptions(
                allowFailures, request(json.get("then")), request(json.get("catch")), request(json.get("finally")));
    }

    /** qctl's callbacks as JSON: {@code {"then": {"queue": …, "payload": {…}}, …}} (Redis keeps this as is). */
    public static ObjectNode toJson(BatchOptions options) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("allowFailures", options.allowFailures());
        put(node, "then", options.then());
        put(node, "catch", options.onFailure());
        put(node, "finally", options.always());
        return node;
    }

    /** A callback as {@link #toJson} writes it, or null. */
    public static PushRequest request(JsonNode node) {
        if (node == null || !node.isObject()) return null;
        return PushRequest.now(node.path("queue").asText(), Payload.parse(Json.write(node.get("payload"))));
    }

    private static void put(ObjectNode node, String field, PushRequest r) {
        if (r == null) return;
        ObjectNode cb = node.putObject(field);
        cb.put("queue", r.queue());
        cb.set("payload", Json.parse(r.payload().toJson(), "payload"));
    }

    private static String decoded(String stored) {
        if (stored == null || stored.isBlank()) return null;
        if (stored.startsWith("a:")) return stored;
        try {
            String php = new String(Base64.getDecoder().decode(stored.trim()), StandardCharsets.UTF_8);
            return php.startsWith("a:") ? php : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String str(String s) {
        return "s:" + s.getBytes(StandardCharsets.UTF_8).length + ":\"" + s + "\";";
    }
}
