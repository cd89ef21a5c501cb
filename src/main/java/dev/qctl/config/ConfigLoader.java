package dev.qctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.qctl.base.UsageException;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.LaravelCache;
import dev.qctl.queue.QueueNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and checks qctl.yml. Every problem is one {@link ConfigException} naming the file,
 * line and key; unknown keys are errors too, so a typo never silently means "default".
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of(
            "default",
            "connections",
            "handlers",
            "defaults",
            "allow_raw",
            "signing_key_file",
            "classpath",
            "schedule",
            "alerts",
            "limits",
            "queues");
    private static final Set<String> CONNECTION =
            Set.of("url", "retry_after", "pool", "password_env", "password_file", "failed", "laravel_name", "laravel");
    private static final Set<String> LARAVEL =
            Set.of("cache", "cache_table", "cache_prefix", "cache_connection", "batches");
    private static final Pattern SQL_TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Set<String> HANDLER = Set.of(
            "exec",
            "http",
            "java",
            "timeout",
            "tries",
            "backoff",
            "queue",
            "max_exceptions",
            "limit",
            "match",
            "without_overlapping",
            "on_failure");
    private static final Set<String> OVERLAP = Set.of("key", "expire_after", "release_after");
    private static final Set<String> QUEUE = Set.of("limit");
    private static final Set<String> HTTP = Set.of("method", "url", "headers", "body");
    private static final Set<String> DEFAULTS = Set.of("queue", "tries", "timeout", "backoff", "sleep", "unknown_jobs");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    /** No ':' so a connection name can never be mistaken for a URL. */
    private static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private static final Pattern HANDLER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern JAVA_CLASS = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    private final Function<String, String> env;

    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public QctlConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(
                    file, 0, "", "cannot read: " + e.getClass().getSimpleName());
        }
        return parse(file, text);
    }

    /** Parses the text of a file at {@code file} (the path is used in errors and to resolve relative paths). */
    public QctlConfig parse(Path file, String text) {
        YamlTree tree = YamlTree.parse(file, text);
        if (!tree.root.isObject()) throw tree.error("", "must be a mapping of keys (connections:, handlers:, …)");
        Map<String, ConfigException> unusable = interpolateConnections(tree);
        interpolate(tree, tree.root, "");
        ObjectNode root = (ObjectNode) tree.root;
        allowOnly(tree, root, "", TOP);
        Path base = file.toAbsolutePath().getParent();

        Map<String, NamedConnection> connections = new LinkedHashMap<>();
        JsonNode conns = root.get("connections");
        if (conns != null && !conns.isNull()) {
            requireObject(tree, conns, "connections");
            for (Map.Entry<String, JsonNode> e : conns.properties()) {
                connections.put(e.getKey(), connection(tree, e.getKey(), e.getValue(), base));
            }
        }
        String defaultConnection = null;
        if (root.hasNonNull("default")) {
            defaultConnection = text(tree, root.get("default"), "default");
            if (!connections.containsKey(defaultConnection) && !unusable.containsKey(defaultConnection)) {
                throw tree.error(
                        "default",
                        "names no connection under connections: (known: " + known(connections.keySet()) + ")");
            }
        } else if (connections.containsKey("default")) {
            defaultConnection = "default";
        }

        Map<String, RateLimitSpec> limits = new LinkedHashMap<>();
        JsonNode ls = root.get("limits");
        if (ls != null && !ls.isNull()) {
            requireObject(tree, ls, "limits");
            for (Map.Entry<String, JsonNode> e : ls.properties()) {
                String key = "limits." + e.getKey();
                if (!HANDLER_NAME.matcher(e.getKey()).matches())
                    throw tree.error(key, "a limit name may hold only letters, digits, '_', '.' and '-'");
                RateLimitSpec limit = RateLimitSpec.parse(e.getKey(), scalar(tree, e.getValue(), key));
                if (limit == null) throw tree.error(key, "must be COUNT/PERIOD, e.g. 100/minute, 10/second or 50/10s");
                limits.put(e.getKey(), limit);
            }
        }

        Map<String, HandlerSpec> handlers = new LinkedHashMap<>();
        JsonNode hs = root.get("handlers");
        if (hs != null && !hs.isNull()) {
            requireObject(tree, hs, "handlers");
            for (Map.Entry<String, JsonNode> e : hs.properties())
                handlers.put(e.getKey(), handler(tree, e.getKey(), e.getValue(), limits));
        }

        Map<String, QueueSpec> queues = new LinkedHashMap<>();
        JsonNode qs = root.get("queues");
        if (qs != null && !qs.isNull()) {
            requireObject(tree, qs, "queues");
            for (Map.Entry<String, JsonNode> e : qs.properties())
                queues.put(e.getKey(), queueSpec(tree, e.getKey(), e.getValue(), limits));
        }

        JobDefaults defaults = JobDefaults.NONE;
        JsonNode d = root.get("defaults");
        if (d != null && !d.isNull()) {
            requireObject(tree, d, "defaults");
            allowOnly(tree, (ObjectNode) d, "defaults", DEFAULTS);
            defaults = new JobDefaults(
                    queue(tree, d.get("queue"), "defaults.queue"),
                    whole(tree, d.get("tries"), "defaults.tries", 0),
                    whole(tree, d.get("timeout"), "defaults.timeout", 0),
                    backoff(tree, d.get("backoff"), "defaults.backoff"),
                    d.hasNonNull("sleep") ? Duration.ofSeconds(whole(tree, d.get("sleep"), "defaults.sleep", 0)) : null,
                    d.hasNonNull("unknown_jobs") ? unknownJobs(tree, d.get("unknown_jobs")) : null);
        }

        boolean allowRaw = false;
        if (root.hasNonNull("allow_raw")) allowRaw = bool(tree, root.get("allow_raw"), "allow_raw");
        Path signingKeyFile = root.hasNonNull("signing_key_file")
                ? base.resolve(text(tree, root.get("signing_key_file"), "signing_key_file"))
                        .normalize()
                : null;
        List<Path> classpath = new ArrayList<>();
        JsonNode cp = root.get("classpath");
        if (cp != null && !cp.isNull()) {
            if (cp.isArray()) {
                for (int i = 0; i < cp.size(); i++)
                    classpath.add(base.resolve(text(tree, cp.get(i), "classpath[" + i + "]"))
                            .normalize());
            } else {
                for (String part : text(tree, cp, "classpath").split(":"))
                    if (!part.isBlank()) classpath.add(base.resolve(part).normalize());
            }
        }
        Map<String, ScheduleSpec> schedule = new ScheduleParser(tree, handlers, base).parse(root.get("schedule"));
        Map<String, AlertSpec> alerts =
                new AlertParser(tree, handlers, (node, key) -> http(tree, node, key)).parse(root.get("alerts"));
        return new QctlConfig(
                file.toAbsolutePath(),
                java.util.Collections.unmodifiableMap(connections),
                defaultConnection,
                java.util.Collections.unmodifiableMap(handlers),
                defaults,
                allowRaw,
                signingKeyFile,
                List.copyOf(classpath),
                java.util.Collections.unmodifiableMap(unusable),
                java.util.Collections.unmodifiableMap(schedule),
                alerts,
                java.util.Collections.unmodifiableMap(queues));
    }

    private NamedConnection connection(YamlTree tree, String name, JsonNode node, Path base) {
        String key = "connections." + name;
        if (!CONNECTION_NAME.matcher(name).matches())
            throw tree.error(key, "a connection name may hold only letters, digits, '_', '.' and '-'");
        if (node.isTextual()) node = JsonNodeFactory.instance.objectNode().set("url", node); // name: URL shorthand
        requireObject(tree, node, key);
        allowOnly(tree, (ObjectNode) node, key, CONNECTION);
        if (!node.hasNonNull("url")) throw tree.error(key, "has no url:");
        ConnectionUrl url;
        try {
            url = Stores.parse(relativeToFile(text(tree, node.get("url"), key + ".url"), base));
        } catch (UsageException e) {
            throw tree.error(key + ".url", e.getMessage());
        }
        Duration retryAfter = node.hasNonNull("retry_after")
                ? Duration.ofSeconds(whole(tree, node.get("retry_after"), key + ".retry_after", 1))
                : null;
        Integer pool = whole(tree, node.get("pool"), key + ".pool", 1);
        String passwordEnv =
                node.hasNonNull("password_env") ? text(tree, node.get("password_env"), key + ".password_env") : null;
        Path passwordFile = node.hasNonNull("password_file")
                ? base.resolve(text(tree, node.get("password_file"), key + ".password_file"))
                        .normalize()
                : null;
        if (passwordEnv != null && passwordFile != null)
            throw tree.error(key + ".password_file", "give password_env or password_file, not both");
        String failed = node.hasNonNull("failed") ? text(tree, node.get("failed"), key + ".failed") : null;
        String laravelName = null;
        if (node.hasNonNull("laravel_name")) {
            laravelName = text(tree, node.get("laravel_name"), key + ".laravel_name");
            if (!CONNECTION_NAME.matcher(laravelName).matches())
                throw tree.error(
                        key + ".laravel_name", "a connection name may hold only letters, digits, '_', '.' and '-'");
        }
        LaravelCache laravelCache = null;
        String cacheConnection = null;
        String laravelBatches = null;
        if (node.hasNonNull("laravel")) {
            String at = key + ".laravel";
            JsonNode laravel = node.get("laravel");
            requireObject(tree, laravel, at);
            allowOnly(tree, (ObjectNode) laravel, at, LARAVEL);
            if (laravel.hasNonNull("batches")) laravelBatches = text(tree, laravel.get("batches"), at + ".batches");
            if (!laravel.hasNonNull("cache") && laravelBatches == null)
                throw tree.error(
                        at,
                        "has no cache: (Laravel's cache driver, CACHE_DRIVER: database or redis) nor batches:"
                                + " (the connection of Laravel's job_batches)");
        }
        if (node.hasNonNull("laravel") && node.get("laravel").hasNonNull("cache")) {
            String at = key + ".laravel";
            JsonNode laravel = node.get("laravel");
            String store = text(tree, laravel.get("cache"), at + ".cache");
            if (!store.equals(LaravelCache.DATABASE) && !store.equals(LaravelCache.REDIS))
                throw tree.error(at + ".cache", "must be database or redis (the cache drivers qctl can share)");
            String table = laravel.hasNonNull("cache_table")
                    ? text(tree, laravel.get("cache_table"), at + ".cache_table")
                    : LaravelCache.DEFAULT_TABLE;
            if (!SQL_TABLE.matcher(table).matches())
                throw tree.error(at + ".cache_table", "must be a table name (letters, digits and '_')");
            String prefix =
                    laravel.has("cache_prefix") && !laravel.get("cache_prefix").isNull()
                            ? laravel.get("cache_prefix").asText()
                            : LaravelCache.DEFAULT_PREFIX;
            laravelCache = new LaravelCache(store, table, prefix);
            if (laravel.hasNonNull("cache_connection"))
                cacheConnection = text(tree, laravel.get("cache_connection"), at + ".cache_connection");
        }
        return new NamedConnection(
                name,
                url,
                retryAfter,
                pool,
                passwordEnv,
                passwordFile,
                failed,
                laravelName,
                laravelCache,
                cacheConnection,
                laravelBatches);
    }

    /** A relative sqlite:PATH in qctl.yml means next to the file, not wherever qctl happens to run. */
    private static String relativeToFile(String url, Path base) {
        if (!url.regionMatches(true, 0, "sqlite:", 0, 7)) return url;
        String rest = url.substring(7);
        if (rest.startsWith("//")) rest = rest.substring(2);
        if (rest.isEmpty() || rest.startsWith("/") || rest.startsWith("?")) return url;
        return "sqlite:" + base.resolve(rest).normalize();
    }

    private HandlerSpec handler(YamlTree tree, String name, JsonNode node, Map<String, RateLimitSpec> limits) {
        String key = "handlers." + name;
        if (!HANDLER_NAME.matcher(name).matches())
            throw tree.error(key, "a handler name may hold only letters, digits, '_', '.' and '-'");
        if (name.equals("exec") || name.equals("http") || name.equals("noop"))
            throw tree.error(key, "'" + name + "' is a built-in handler; pick another name");
        requireObject(tree, node, key);
        allowOnly(tree, (ObjectNode) node, key, HANDLER);
        int kinds = (node.has("exec") ? 1 : 0) + (node.has("http") ? 1 : 0) + (node.has("java") ? 1 : 0);
        if (kinds != 1) throw tree.error(key, "needs exactly one of exec:, http: or java:");
        List<String> exec = null;
        HttpSpec http = null;
        String javaClass = null;
        if (node.has("exec")) {
            exec = argvTemplate(tree, node.get("exec"), key + ".exec");
        } else if (node.has("http")) {
            http = http(tree, node.get("http"), key + ".http");
        } else {
            javaClass = text(tree, node.get("java"), key + ".java");
            if (!JAVA_CLASS.matcher(javaClass).matches())
                throw tree.error(key + ".java", "is not a Java class name: " + javaClass);
        }
        JobOptions options = new JobOptions(
                whole(tree, node.get("tries"), key + ".tries", 0),
                whole(tree, node.get("max_exceptions"), key + ".max_exceptions", 1),
                backoff(tree, node.get("backoff"), key + ".backoff"),
                whole(tree, node.get("timeout"), key + ".timeout", 0),
                null,
                null);
        RateLimitSpec limit = limit(tree, node, key, limits);
        OverlapSpec overlap = node.hasNonNull("without_overlapping")
                ? overlap(tree, node.get("without_overlapping"), key + ".without_overlapping")
                : null;
        List<String> match = List.of();
        if (node.hasNonNull("match")) {
            if (exec == null) throw tree.error(key + ".match", "binds jobs to an exec: handler only");
            JsonNode globs = node.get("match");
            List<String> list = new ArrayList<>();
            if (globs.isArray()) {
                for (int i = 0; i < globs.size(); i++) list.add(text(tree, globs.get(i), key + ".match[" + i + "]"));
            } else list.add(text(tree, globs, key + ".match"));
            if (list.isEmpty()) throw tree.error(key + ".match", "must name at least one job, e.g. \"App\\Jobs\\*\"");
            match = List.copyOf(list);
        }
        List<String> onFailure = null;
        if (node.hasNonNull("on_failure")) {
            if (exec == null) throw tree.error(key + ".on_failure", "is a program an exec: handler runs");
            onFailure = argvTemplate(tree, node.get("on_failure"), key + ".on_failure");
        }
        return new HandlerSpec(
                name,
                exec,
                http,
                javaClass,
                options,
                queue(tree, node.get("queue"), key + ".queue"),
                limit,
                match,
                overlap,
                onFailure);
    }

    /** An argv template: a non-empty list of strings, each with well-formed placeholders. */
    private static List<String> argvTemplate(YamlTree tree, JsonNode argv, String key) {
        if (!argv.isArray() || argv.isEmpty())
            throw tree.error(key, "must be a non-empty list: [program, arg, \"{placeholder}\"]");
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String part = scalar(tree, argv.get(i), key + "[" + i + "]");
            checkTemplate(tree, part, key + "[" + i + "]");
            parts.add(part);
        }
        return List.copyOf(parts);
    }

    /** The limit {@code node}'s {@code limit:} names, or null if it has none. */
    private static RateLimitSpec limit(YamlTree tree, JsonNode node, String key, Map<String, RateLimitSpec> limits) {
        if (!node.hasNonNull("limit")) return null;
        String named = text(tree, node.get("limit"), key + ".limit");
        RateLimitSpec limit = limits.get(named);
        if (limit == null)
            throw tree.error(key + ".limit", "names no limit under limits: (known: " + known(limits.keySet()) + ")");
        return limit;
    }

    private static QueueSpec queueSpec(YamlTree tree, String name, JsonNode node, Map<String, RateLimitSpec> limits) {
        String key = "queues." + name;
        queue(tree, TextNode.valueOf(name), key);
        requireObject(tree, node, key);
        allowOnly(tree, (ObjectNode) node, key, QUEUE);
        return new QueueSpec(name, limit(tree, node, key, limits));
    }

    /** {@code without_overlapping: true}, or a mapping of key, expire_after and release_after. */
    private static OverlapSpec overlap(YamlTree tree, JsonNode node, String key) {
        if (!node.isObject()) {
            if (!bool(tree, node, key)) throw tree.error(key, "leave it out to let jobs overlap (false is not needed)");
            return new OverlapSpec(null, OverlapSpec.DEFAULT_EXPIRE_AFTER, OverlapSpec.DEFAULT_RELEASE_AFTER);
        }
        requireObject(tree, node, key);
        allowOnly(tree, (ObjectNode) node, key, OVERLAP);
        String template = null;
        if (node.hasNonNull("key")) {
            template = scalar(tree, node.get("key"), key + ".key");
            checkTemplate(tree, template, key + ".key");
        }
        return new OverlapSpec(
                template,
                duration(tree, node.get("expire_after"), key + ".expire_after", OverlapSpec.DEFAULT_EXPIRE_AFTER),
                duration(tree, node.get("release_after"), key + ".release_after", OverlapSpec.DEFAULT_RELEASE_AFTER));
    }

    /** A duration of at least a second ({@code 90}, {@code 30s}, {@code 10m}, …), or {@code absent} if unset. */
    private static Duration duration(YamlTree tree, JsonNode node, String key, Duration absent) {
        if (node == null || node.isNull()) return absent;
        Duration d = node.isIntegralNumber() || node.isTextual() ? DurationText.parse(node.asText()) : null;
        if (d == null || d.isZero())
            throw tree.error(
                    key, "must be a duration of at least 1s: 90, 30s, 10m, 2h or 1d (got '" + node.asText() + "')");
        return d;
    }

    private HttpSpec http(YamlTree tree, JsonNode node, String key) {
        requireObject(tree, node, key);
        allowOnly(tree, (ObjectNode) node, key, HTTP);
        String method = node.hasNonNull("method")
                ? text(tree, node.get("method"), key + ".method").toUpperCase(Locale.ROOT)
                : "POST";
        if (!METHODS.contains(method))
            throw tree.error(key + ".method", "must be one of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
        if (!node.hasNonNull("url")) throw tree.error(key, "has no url:");
        String url = text(tree, node.get("url"), key + ".url");
        checkTemplate(tree, url, key + ".url");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://"))
            throw tree.error(key + ".url", "must start with http:// or https://");
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = node.get("headers");
        if (h != null && !h.isNull()) {
            requireObject(tree, h, key + ".headers");
            for (Map.Entry<String, JsonNode> e : h.properties()) {
                String value = scalar(tree, e.getValue(), key + ".headers." + e.getKey());
                checkTemplate(tree, value, key + ".headers." + e.getKey());
                headers.put(e.getKey(), value);
            }
        }
        JsonNode body = node.get("body");
        if (body != null && body.isNull()) body = null;
        return new HttpSpec(method, url, Map.copyOf(headers), body);
    }

    // ---- checks shared by every section ----

    /**
     * Interpolates each connection on its own: one whose {@code ${VAR}} is not set here (the
     * password of a connection this machine never uses) is set aside with its error, given
     * only when a command uses that connection.
     */
    private Map<String, ConfigException> interpolateConnections(YamlTree tree) {
        Map<String, ConfigException> unusable = new LinkedHashMap<>();
        if (!(tree.root.get("connections") instanceof ObjectNode conns)) return unusable;
        EnvInterpolation interpolation = new EnvInterpolation(env);
        for (Iterator<Map.Entry<String, JsonNode>> it = conns.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "connections." + e.getKey();
            try {
                if (e.getValue().isTextual())
                    e.setValue(TextNode.valueOf(
                            interpolated(tree, interpolation, e.getValue().asText(), key)));
                else interpolate(tree, e.getValue(), key);
            } catch (ConfigException broken) {
                unusable.put(e.getKey(), broken);
                it.remove();
            }
        }
        return unusable;
    }

    private void interpolate(YamlTree tree, JsonNode node, String path) {
        EnvInterpolation interpolation = new EnvInterpolation(env);
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (key.equals("schedule")) continue; // its own syntax, read by the scheduler
                if (key.equals("connections")) continue; // done first, one connection at a time
                if (e.getValue().isTextual())
                    e.setValue(TextNode.valueOf(
                            interpolated(tree, interpolation, e.getValue().asText(), key)));
                else interpolate(tree, e.getValue(), key);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String key = path + "[" + i + "]";
                if (array.get(i).isTextual())
                    array.set(
                            i,
                            TextNode.valueOf(interpolated(
                                    tree, interpolation, array.get(i).asText(), key)));
                else interpolate(tree, array.get(i), key);
            }
        }
    }

    private static String interpolated(YamlTree tree, EnvInterpolation interpolation, String text, String key) {
        try {
            return interpolation.apply(text);
        } catch (IllegalArgumentException e) {
            throw tree.error(key, e.getMessage());
        }
    }

    private static void allowOnly(YamlTree tree, ObjectNode node, String path, Set<String> allowed) {
        for (String name : (Iterable<String>) () -> node.fieldNames()) {
            if (!allowed.contains(name)) {
                String key = path.isEmpty() ? name : path + "." + name;
                throw tree.error(
                        key,
                        "unknown key (expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static void requireObject(YamlTree tree, JsonNode node, String key) {
        if (!node.isObject()) throw tree.error(key, "must be a mapping (key: value lines)");
    }

    private static String text(YamlTree tree, JsonNode node, String key) {
        if (node == null || !node.isTextual() || node.asText().isBlank())
            throw tree.error(key, "must be a non-empty string");
        return node.asText();
    }

    private static String scalar(YamlTree tree, JsonNode node, String key) {
        if (node == null || !(node.isTextual() || node.isNumber() || node.isBoolean()))
            throw tree.error(key, "must be a string");
        return node.asText();
    }

    private static String unknownJobs(YamlTree tree, JsonNode node) {
        String value = node.isTextual() ? node.asText() : "";
        if (!value.equals("fail") && !value.equals("release"))
            throw tree.error("defaults.unknown_jobs", "must be fail or release");
        return value;
    }

    private static boolean bool(YamlTree tree, JsonNode node, String key) {
        if (node.isBoolean()) return node.asBoolean();
        if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false")))
            return Boolean.parseBoolean(node.asText());
        throw tree.error(key, "must be true or false");
    }

    /** A whole number ≥ min; YAML numbers and interpolated strings of digits both count. */
    private static Integer whole(YamlTree tree, JsonNode node, String key, int min) {
        if (node == null || node.isNull()) return null;
        long value;
        if (node.isIntegralNumber()) value = node.asLong();
        else if (node.isTextual() && node.asText().strip().matches("-?\\d{1,10}"))
            value = Long.parseLong(node.asText().strip());
        else throw tree.error(key, "must be a whole number ≥ " + min + " (got '" + node.asText() + "')");
        if (value < min || value > Integer.MAX_VALUE)
            throw tree.error(key, "must be a whole number ≥ " + min + " (got " + value + ")");
        return (int) value;
    }

    private static String backoff(YamlTree tree, JsonNode node, String key) {
        if (node == null || node.isNull()) return null;
        String text;
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < node.size(); i++)
                parts.add(String.valueOf(whole(tree, node.get(i), key + "[" + i + "]", 0)));
            text = String.join(",", parts);
        } else {
            text = node.asText();
        }
        String list = JobOptions.backoffList(text);
        if (list == null) throw tree.error(key, "must be seconds: 10, \"10,60,300\" or [10, 60, 300]");
        return list;
    }

    private static String queue(YamlTree tree, JsonNode node, String key) {
        if (node == null || node.isNull()) return null;
        String q = scalar(tree, node, key);
        try {
            return QueueNames.check(q, "value");
        } catch (UsageException e) {
            throw tree.error(key, e.getMessage());
        }
    }

    private static void checkTemplate(YamlTree tree, String template, String key) {
        try {
            Placeholders.names(template);
        } catch (IllegalArgumentException e) {
            throw tree.error(key, e.getMessage());
        }
    }

    private static String known(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
