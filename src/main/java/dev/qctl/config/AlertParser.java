package dev.qctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.UsageException;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.QueueNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads qctl.yml's {@code alerts:} mapping (alert name → alert). {@code notify.http} is read
 * as a handler's {@code http:} is, with {@code json:} standing for its {@code body:}.
 */
final class AlertParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)?");
    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(second|minute|hour|day|\\d+\\s*[smhd])");
    private static final Set<String> ALERT =
            new TreeSet<>(Set.of("when", "queues", "notify", "at_most", "queue", "tries", "backoff"));
    private static final Set<String> WHEN = new TreeSet<>(Set.of("pending_over", "oldest_wait_over", "no_workers"));

    private final YamlTree tree;
    private final Map<String, HandlerSpec> handlers;
    private final BiFunction<JsonNode, String, HttpSpec> http;

    AlertParser(YamlTree tree, Map<String, HandlerSpec> handlers, BiFunction<JsonNode, String, HttpSpec> http) {
        this.tree = tree;
        this.handlers = handlers;
        this.http = http;
    }

    Map<String, AlertSpec> parse(JsonNode alerts) {
        Map<String, AlertSpec> out = new LinkedHashMap<>();
        if (alerts == null || alerts.isNull()) return out;
        if (!alerts.isObject()) throw tree.error("alerts", "must be a mapping of alert names to alerts");
        for (Map.Entry<String, JsonNode> e : alerts.properties()) out.put(e.getKey(), alert(e.getKey(), e.getValue()));
        return java.util.Collections.unmodifiableMap(out);
    }

    private AlertSpec alert(String name, JsonNode node) {
        String key = "alerts." + name;
        if (!NAME.matcher(name).matches())
            throw tree.error(key, "an alert name may hold only letters, digits, '_', '.' and '-'");
        if (!node.isObject()) throw tree.error(key, "must be a mapping (when:, notify:, …)");
        for (String field : (Iterable<String>) node::fieldNames)
            if (!ALERT.contains(field))
                throw tree.error(key + "." + field, "unknown key (expected one of " + String.join(", ", ALERT) + ")");
        AlertSpec.Trigger when = when(node.get("when"), key + ".when");
        List<String> queues = queues(node.get("queues"), key + ".queues");
        JsonNode notify = node.get("notify");
        if (notify == null || !notify.isObject())
            throw tree.error(key + ".notify", "must be {http: {…}} or {handler: NAME}");
        HttpSpec request = null;
        String handler = null;
        if (notify.has("http") == notify.has("handler") || notify.size() != 1)
            throw tree.error(key + ".notify", "give exactly one of http: or handler:");
        if (notify.has("http")) {
            JsonNode h = notify.get("http");
            if (h instanceof ObjectNode o && o.has("json")) {
                if (o.has("body")) throw tree.error(key + ".notify.http", "give json: or body:, not both");
                o = o.deepCopy();
                o.set("body", o.remove("json"));
                h = o;
            }
            request = http.apply(h, key + ".notify.http");
        } else {
            handler = text(notify.get("handler"), key + ".notify.handler");
            if (!handlers.containsKey(handler))
                throw tree.error(
                        key + ".notify.handler",
                        "names no handler under handlers: (known: "
                                + (handlers.isEmpty() ? "none" : String.join(", ", handlers.keySet())) + ")");
        }
        int atMost = 0;
        Duration per = Duration.ZERO;
        if (node.hasNonNull("at_most")) {
            Matcher m = RATE.matcher(node.get("at_most").asText().strip());
            if (!m.matches() || Long.parseLong(m.group(1)) < 1 || Long.parseLong(m.group(1)) > 1000)
                throw tree.error(key + ".at_most", "must be a count per period: 1/minute, 5/hour, 2/10m");
            atMost = Integer.parseInt(m.group(1));
            per = switch (m.group(2)) {
                case "second" -> Duration.ofSeconds(1);
                case "minute" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                default -> duration(m.group(2), key + ".at_most");
            };
        }
        String queue = AlertSpec.DEFAULT_QUEUE;
        if (node.hasNonNull("queue")) queue = queue(text(node.get("queue"), key + ".queue"), key + ".queue");
        if (queues.contains(queue))
            throw tree.error(key + ".queue", "is one of the queues it watches: an alert would alert about itself");
        int tries = 3;
        if (node.hasNonNull("tries")) {
            String t = node.get("tries").asText().strip();
            if (!t.matches("\\d{1,4}") || Integer.parseInt(t) < 1)
                throw tree.error(key + ".tries", "must be a whole number ≥ 1");
            tries = Integer.parseInt(t);
        }
        String backoff = "10,60";
        if (node.hasNonNull("backoff")) {
            JsonNode b = node.get("backoff");
            String text = b.asText();
            if (b.isArray()) {
                List<String> parts = new ArrayList<>();
                b.forEach(p -> parts.add(p.asText()));
                text = String.join(",", parts);
            }
            backoff = JobOptions.backoffList(text);
            if (backoff == null) throw tree.error(key + ".backoff", "must be seconds: 10, \"10,60\" or [10, 60]");
        }
        return new AlertSpec(name, when, queues, request, handler, atMost, per, queue, tries, backoff);
    }

    private AlertSpec.Trigger when(JsonNode node, String key) {
        if (node == null || node.isNull())
            throw tree.error(
                    key, "is missing (failed, {pending_over: N}, {oldest_wait_over: 10m} or {no_workers: QUEUE})");
        if (node.isTextual() && node.asText().equals("failed")) return new AlertSpec.Failed();
        if (!node.isObject()
                || node.size() != 1
                || !WHEN.contains(node.fieldNames().next()))
            throw tree.error(key, "must be failed, {pending_over: N}, {oldest_wait_over: 10m} or {no_workers: QUEUE}");
        String kind = node.fieldNames().next();
        JsonNode value = node.get(kind);
        return switch (kind) {
            case "pending_over" -> {
                if (!value.asText().strip().matches("\\d{1,12}"))
                    throw tree.error(key + ".pending_over", "must be a whole number of jobs");
                yield new AlertSpec.PendingOver(Long.parseLong(value.asText().strip()));
            }
            case "oldest_wait_over" ->
                new AlertSpec.OldestWaitOver(duration(value.asText(), key + ".oldest_wait_over"));
            default -> new AlertSpec.NoWorkers(queue(text(value, key + ".no_workers"), key + ".no_workers"));
        };
    }

    private List<String> queues(JsonNode node, String key) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        if (node.isTextual()) {
            for (String q : node.asText().split(",")) out.add(queue(q.strip(), key));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) out.add(queue(text(node.get(i), key + "[" + i + "]"), key));
        } else throw tree.error(key, "must be a list of queue names");
        return List.copyOf(out);
    }

    private Duration duration(String text, String key) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) throw tree.error(key, "must be a duration: 90, 90s, 10m, 2h or 1d");
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    private String queue(String q, String key) {
        try {
            return QueueNames.check(q, "value");
        } catch (UsageException e) {
            throw tree.error(key, e.getMessage());
        }
    }

    private String text(JsonNode node, String key) {
        if (node == null || !node.isTextual() || node.asText().isBlank())
            throw tree.error(key, "must be a non-empty string");
        return node.asText();
    }
}
