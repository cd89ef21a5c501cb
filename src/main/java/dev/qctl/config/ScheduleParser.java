package dev.qctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.config.ScheduleSpec.Dispatch;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads qctl.yml's {@code schedule:} mapping (entry name → entry). The frequency words are
 * artisan's helpers, and like them each only rewrites fields of a cron expression that starts
 * as {@code * * * * *}, in the order the file gives them; the result is parsed by cron-utils.
 */
final class ScheduleParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");

    /** Words taking no value: {@code frequency: every_five_minutes} (or a list of them). */
    static final Map<String, String[]> WORDS = new LinkedHashMap<>();
    /** Keys taking a value that rewrite the expression. */
    private static final Set<String> KEYED =
            Set.of("hourly_at", "daily_at", "at", "twice_daily", "weekly_on", "monthly_on", "days");

    private static final Set<String> ENTRY = new TreeSet<>(Set.of(
            "cron",
            "frequency",
            "timezone",
            "command",
            "shell",
            "dispatch",
            "without_overlapping",
            "on_one_server",
            "run_in_background",
            "output",
            "on_failure",
            "on_success",
            "environments",
            "description",
            "enabled",
            "between"));
    private static final Set<String> DISPATCH = Set.of("job", "data", "queue", "delay");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    static {
        // {minute, hour, day of month, month, day of week}; null keeps the field as it is
        word("every_minute", "*", "*", null, null, null);
        for (Map.Entry<String, Integer> e : Map.of(
                        "two", 2, "three", 3, "four", 4, "five", 5, "ten", 10, "fifteen", 15, "thirty", 30)
                .entrySet()) word("every_" + e.getKey() + "_minutes", "*/" + e.getValue(), "*", null, null, null);
        word("hourly", "0", "*", null, null, null);
        word("every_odd_hour", "0", "1-23/2", null, null, null);
        for (Map.Entry<String, Integer> e :
                Map.of("two", 2, "three", 3, "four", 4, "six", 6).entrySet())
            word("every_" + e.getKey() + "_hours", "0", "*/" + e.getValue(), null, null, null);
        word("daily", "0", "0", null, null, null);
        word("weekly", "0", "0", "*", "*", "0");
        word("monthly", "0", "0", "1", "*", null);
        word("twice_monthly", "0", "0", "1,16", "*", null);
        word("quarterly", "0", "0", "1", "1-12/3", "*");
        word("yearly", "0", "0", "1", "1", "*");
        word("weekdays", null, null, null, null, "1-5");
        word("weekends", null, null, null, null, "6,0");
        String[] plural = {"sundays", "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays"};
        for (int i = 0; i < plural.length; i++) word(plural[i], null, null, null, null, Integer.toString(i));
    }

    private static void word(String name, String... fields) {
        WORDS.put(name, fields);
    }

    /** Every key an entry may hold, for the "unknown key" message. */
    static Set<String> entryKeys() {
        TreeSet<String> all = new TreeSet<>(ENTRY);
        all.addAll(KEYED);
        return all;
    }

    private final YamlTree tree;
    private final Map<String, HandlerSpec> handlers;
    private final Path base;

    ScheduleParser(YamlTree tree, Map<String, HandlerSpec> handlers, Path base) {
        this.tree = tree;
        this.handlers = handlers;
        this.base = base;
    }

    Map<String, ScheduleSpec> parse(JsonNode node) {
        Map<String, ScheduleSpec> entries = new LinkedHashMap<>();
        if (node == null || node.isNull()) return entries;
        if (!node.isObject())
            throw tree.error("schedule", "must be a mapping of entry names to entries (nightly-sync: {cron: …})");
        for (Map.Entry<String, JsonNode> e : node.properties())
            entries.put(e.getKey(), entry(e.getKey(), e.getValue()));
        return entries;
    }

    private ScheduleSpec entry(String name, JsonNode node) {
        String key = "schedule." + name;
        if (!NAME.matcher(name).matches())
            throw tree.error(key, "an entry name may hold only letters, digits, '_', '.' and '-'");
        if (!node.isObject()) throw tree.error(key, "must be a mapping (cron:, command: or dispatch:, …)");
        Set<String> allowed = entryKeys();
        for (String k : (Iterable<String>) node::fieldNames)
            if (!allowed.contains(k))
                throw tree.error(key + "." + k, "unknown key (expected one of " + String.join(", ", allowed) + ")");

        // when
        String[] fields = {"*", "*", "*", "*", "*"};
        List<String> written = new ArrayList<>();
        String cron = null;
        boolean frequency = false;
        for (Map.Entry<String, JsonNode> p : node.properties()) {
            String k = p.getKey();
            String at = key + "." + k;
            JsonNode v = p.getValue();
            if (k.equals("frequency")) {
                frequency = true;
                List<JsonNode> words = new ArrayList<>();
                if (v.isArray()) v.forEach(words::add);
                else words.add(v);
                for (int i = 0; i < words.size(); i++) {
                    String w = scalar(words.get(i), v.isArray() ? at + "[" + i + "]" : at);
                    String[] rewrite = WORDS.get(w);
                    if (rewrite == null)
                        throw tree.error(
                                v.isArray() ? at + "[" + i + "]" : at,
                                "unknown frequency '" + w + "' (known: " + String.join(", ", WORDS.keySet())
                                        + "; or use hourly_at:, daily_at:, twice_daily:, weekly_on:, monthly_on:,"
                                        + " days:, cron:)");
                    splice(fields, rewrite);
                    written.add(w);
                }
            } else if (KEYED.contains(k)) {
                frequency = true;
                keyed(fields, k, v, at);
                written.add(k + " " + (v.isArray() ? join(v) : v.asText()));
            }
        }
        if (node.has("cron")) {
            if (frequency)
                throw tree.error(key + ".cron", "give cron: or frequency words (frequency:, daily_at:, …), not both");
            cron = text(node.get("cron"), key + ".cron");
            written.add(cron);
        } else if (!frequency) {
            throw tree.error(
                    key,
                    "says not when to run: give cron: \"0 2 * * *\" or a frequency (frequency: hourly,"
                            + " daily_at: \"02:00\", …)");
        } else {
            cron = String.join(" ", fields);
        }
        try {
            CronText.parse(cron);
        } catch (IllegalArgumentException e) {
            throw tree.error(node.has("cron") ? key + ".cron" : key, e.getMessage());
        }

        ZoneId zone = null;
        if (node.hasNonNull("timezone")) {
            String z = text(node.get("timezone"), key + ".timezone");
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException e) {
                throw tree.error(
                        key + ".timezone",
                        "unknown timezone '" + z + "' (use an IANA name such as"
                                + " America/Argentina/Cordoba, Europe/Berlin or UTC)");
            }
        }

        // what
        boolean hasCommand = node.has("command");
        boolean hasDispatch = node.has("dispatch");
        if (hasCommand && hasDispatch) throw tree.error(key, "give command: or dispatch:, not both");
        if (!hasCommand && !hasDispatch) throw tree.error(key, "needs command: (argv) or dispatch: (a job)");
        boolean shell = node.hasNonNull("shell") && bool(node.get("shell"), key + ".shell");
        List<String> command = null;
        Dispatch dispatch = null;
        if (hasCommand) {
            JsonNode c = node.get("command");
            if (shell) {
                if (!c.isTextual() || c.asText().isBlank())
                    throw tree.error(key + ".command", "with shell: true, command: is one string for sh -c");
                command = List.of(c.asText());
            } else {
                if (c.isTextual())
                    throw tree.error(
                            key + ".command",
                            "must be a list (argv), not a shell string: [php, artisan,"
                                    + " report] — or set shell: true to run it with sh -c");
                if (!c.isArray() || c.isEmpty())
                    throw tree.error(key + ".command", "must be a non-empty list: [program, arg, …]");
                command = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) command.add(scalar(c.get(i), key + ".command[" + i + "]"));
                command = List.copyOf(command);
            }
        } else {
            if (shell) throw tree.error(key + ".shell", "applies to command:, not dispatch:");
            dispatch = dispatch(node.get("dispatch"), key + ".dispatch");
        }

        Duration overlap = null;
        if (node.hasNonNull("without_overlapping")) {
            JsonNode o = node.get("without_overlapping");
            if (o.isBoolean()) overlap = o.asBoolean() ? Duration.ofHours(24) : null; // artisan's 1440 minutes
            else overlap = duration(o, key + ".without_overlapping");
        }
        boolean onOneServer =
                node.hasNonNull("on_one_server") && bool(node.get("on_one_server"), key + ".on_one_server");
        boolean background =
                node.hasNonNull("run_in_background") && bool(node.get("run_in_background"), key + ".run_in_background");
        if (background && hasDispatch)
            throw tree.error(key + ".run_in_background", "applies to command:; a dispatch only enqueues");
        Path output = node.hasNonNull("output")
                ? base.resolve(text(node.get("output"), key + ".output")).normalize()
                : null;
        Dispatch onFailure =
                node.hasNonNull("on_failure") ? dispatch(node.get("on_failure"), key + ".on_failure") : null;
        Dispatch onSuccess =
                node.hasNonNull("on_success") ? dispatch(node.get("on_success"), key + ".on_success") : null;
        List<String> environments = new ArrayList<>();
        if (node.hasNonNull("environments")) {
            JsonNode envs = node.get("environments");
            if (envs.isArray())
                for (int i = 0; i < envs.size(); i++)
                    environments.add(scalar(envs.get(i), key + ".environments[" + i + "]"));
            else environments.add(scalar(envs, key + ".environments"));
        }
        String description =
                node.hasNonNull("description") ? scalar(node.get("description"), key + ".description") : null;
        boolean enabled = !node.hasNonNull("enabled") || bool(node.get("enabled"), key + ".enabled");
        LocalTime from = null;
        LocalTime to = null;
        if (node.hasNonNull("between")) {
            JsonNode b = node.get("between");
            if (!b.isArray() || b.size() != 2)
                throw tree.error(key + ".between", "must be two times: [\"08:00\", \"17:00\"]");
            from = time(b.get(0), key + ".between[0]");
            to = time(b.get(1), key + ".between[1]");
        }
        return new ScheduleSpec(
                name,
                tree.lineOf(key),
                cron,
                String.join(", ", written),
                zone,
                command,
                shell,
                dispatch,
                overlap,
                onOneServer,
                background,
                output,
                onFailure,
                onSuccess,
                List.copyOf(environments),
                description,
                enabled,
                from,
                to);
    }

    private void keyed(String[] fields, String k, JsonNode v, String at) {
        switch (k) {
            case "hourly_at" -> fields[0] = Integer.toString(number(v, at, 0, 59));
            case "daily_at", "at" -> {
                LocalTime t = time(v, at);
                splice(fields, new String[] {
                    Integer.toString(t.getMinute()), Integer.toString(t.getHour()), null, null, null
                });
            }
            case "twice_daily" -> {
                if (!v.isArray() || v.size() < 2 || v.size() > 3)
                    throw tree.error(at, "must be two hours, optionally a minute: [1, 13] or [1, 13, 15]");
                int first = number(v.get(0), at + "[0]", 0, 23);
                int second = number(v.get(1), at + "[1]", 0, 23);
                int minute = v.size() == 3 ? number(v.get(2), at + "[2]", 0, 59) : 0;
                splice(fields, new String[] {Integer.toString(minute), first + "," + second, null, null, null});
            }
            case "weekly_on" -> {
                if (!v.isArray() || v.isEmpty() || v.size() > 2)
                    throw tree.error(at, "must be a day and optionally a time: [mon, \"08:00\"]");
                fields[4] = Integer.toString(day(v.get(0), at + "[0]"));
                LocalTime t = v.size() == 2 ? time(v.get(1), at + "[1]") : LocalTime.MIDNIGHT;
                fields[0] = Integer.toString(t.getMinute());
                fields[1] = Integer.toString(t.getHour());
            }
            case "monthly_on" -> {
                if (!v.isArray() || v.isEmpty() || v.size() > 2)
                    throw tree.error(at, "must be a day of the month and optionally a time: [4, \"15:00\"]");
                fields[2] = Integer.toString(number(v.get(0), at + "[0]", 1, 31));
                LocalTime t = v.size() == 2 ? time(v.get(1), at + "[1]") : LocalTime.MIDNIGHT;
                fields[0] = Integer.toString(t.getMinute());
                fields[1] = Integer.toString(t.getHour());
            }
            case "days" -> {
                List<String> days = new ArrayList<>();
                if (v.isArray())
                    for (int i = 0; i < v.size(); i++) days.add(Integer.toString(day(v.get(i), at + "[" + i + "]")));
                else days.add(Integer.toString(day(v, at)));
                if (days.isEmpty()) throw tree.error(at, "must name at least one day");
                fields[4] = String.join(",", days);
            }
            default -> throw new IllegalStateException(k);
        }
    }

    private static void splice(String[] fields, String[] rewrite) {
        for (int i = 0; i < 5; i++) if (rewrite[i] != null) fields[i] = rewrite[i];
    }

    private Dispatch dispatch(JsonNode node, String key) {
        if (node.isTextual())
            node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .put("job", node.asText()); // on_failure: alert
        if (!node.isObject()) throw tree.error(key, "must be a job: {job: HANDLER, data: {…}, queue: …, delay: …}");
        for (String k : (Iterable<String>) node::fieldNames)
            if (!DISPATCH.contains(k))
                throw tree.error(
                        key + "." + k,
                        "unknown key (expected one of " + String.join(", ", new TreeSet<>(DISPATCH)) + ")");
        if (!node.hasNonNull("job")) throw tree.error(key, "has no job: (a handler named under handlers:)");
        String job = text(node.get("job"), key + ".job");
        if (!handlers.containsKey(job))
            throw tree.error(
                    key + ".job",
                    "names no handler under handlers: (known: "
                            + (handlers.isEmpty() ? "none" : String.join(", ", handlers.keySet())) + ")");
        JsonNode data = node.get("data");
        if (data != null && data.isNull()) data = null;
        String queue = node.hasNonNull("queue") ? scalar(node.get("queue"), key + ".queue") : null;
        if (queue != null) {
            try {
                dev.qctl.queue.QueueNames.check(queue, "value");
            } catch (dev.qctl.base.UsageException e) {
                throw tree.error(key + ".queue", e.getMessage());
            }
        }
        Duration delay = node.hasNonNull("delay") ? duration(node.get("delay"), key + ".delay") : Duration.ZERO;
        return new Dispatch(job, data, queue, delay);
    }

    private Duration duration(JsonNode v, String key) {
        Duration d = v.isIntegralNumber() || v.isTextual() ? DurationText.parse(v.asText()) : null;
        if (d == null)
            throw tree.error(key, "must be a duration: seconds (90) or 30s, 10m, 2h, 1d (got '" + v.asText() + "')");
        if (d.isZero() && !key.endsWith(".delay")) throw tree.error(key, "must be more than 0");
        return d;
    }

    private LocalTime time(JsonNode v, String key) {
        Matcher m = TIME.matcher(v.asText().strip());
        if (!v.isTextual() || !m.matches())
            throw tree.error(key, "must be a time \"HH:MM\" in quotes (got '" + v.asText() + "')");
        int h = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        if (h > 23 || min > 59) throw tree.error(key, "is not a time of day: " + v.asText());
        return LocalTime.of(h, min);
    }

    private int number(JsonNode v, String key, int min, int max) {
        String t = v.asText().strip();
        if (!(v.isIntegralNumber() || v.isTextual()) || !t.matches("\\d{1,2}"))
            throw tree.error(key, "must be a whole number from " + min + " to " + max + " (got '" + v.asText() + "')");
        int n = Integer.parseInt(t);
        if (n < min || n > max)
            throw tree.error(key, "must be a whole number from " + min + " to " + max + " (got " + n + ")");
        return n;
    }

    private int day(JsonNode v, String key) {
        String t = v.asText().strip().toLowerCase(Locale.ROOT);
        if (v.isIntegralNumber() && v.asInt() >= 0 && v.asInt() <= 7) return v.asInt() % 7;
        if (t.length() >= 3 && DAYS.contains(t.substring(0, 3))) return DAYS.indexOf(t.substring(0, 3));
        throw tree.error(key, "must be a day: mon, tue, … sun, or 0-6 (0 = Sunday) (got '" + v.asText() + "')");
    }

    private String text(JsonNode node, String key) {
        if (node == null || !node.isTextual() || node.asText().isBlank())
            throw tree.error(key, "must be a non-empty string");
        return node.asText();
    }

    private String scalar(JsonNode node, String key) {
        if (node == null || !(node.isTextual() || node.isNumber() || node.isBoolean()))
            throw tree.error(key, "must be a string");
        return node.asText();
    }

    private boolean bool(JsonNode node, String key) {
        if (node.isBoolean()) return node.asBoolean();
        throw tree.error(key, "must be true or false");
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(" ", parts);
    }
}
