package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.Secrets;
import dev.qctl.config.ConfigLocator;
import dev.qctl.config.Connections;
import dev.qctl.config.HandlerSpec;
import dev.qctl.config.NamedConnection;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.SigningKey;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Show which qctl.yml is used and what it resolves to, with every secret masked.",
            "Looked for in: --config, $QCTL_CONFIG, ./qctl.yml, $XDG_CONFIG_HOME/qctl/qctl.yml, /etc/qctl/qctl.yml."
        })
final class ConfigCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print the settings as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        QctlConfig config = connection.config();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("file", config.exists() ? config.file().toString() : null);
        if (!config.exists()) {
            ArrayNode looked = out.putArray("searched");
            ConfigLocator.candidates(System::getenv).forEach(p -> looked.add(p.toString()));
        }
        Connections.Resolved active = connection.resolved(null);
        ObjectNode current = out.putObject("connection");
        current.put("name", active.name());
        current.put("url", Secrets.url(active.url().original()));

        ObjectNode conns = out.putObject("connections");
        for (NamedConnection c : config.connections().values()) {
            ObjectNode n = conns.putObject(c.name());
            n.put("url", Secrets.url(c.url().original()));
            n.put(
                    "retry_after",
                    (c.retryAfter() != null ? c.retryAfter() : c.url().retryAfter()).toSeconds());
            if (c.pool() != null) n.put("pool", c.pool());
            if (c.failed() != null) n.put("failed", c.failed());
            if (c.laravelName() != null) n.put("laravel_name", c.laravelName());
            if (c.laravelBatches() != null) n.putObject("laravel").put("batches", c.laravelBatches());
            if (c.passwordEnv() != null) n.put("password_env", c.passwordEnv() + "=" + Secrets.MASK);
            if (c.passwordFile() != null)
                n.put("password_file", c.passwordFile().toString());
        }
        out.put("default", config.defaultConnection());

        ObjectNode handlers = out.putObject("handlers");
        for (HandlerSpec h : config.handlers().values()) {
            ObjectNode n = handlers.putObject(h.name());
            n.put("kind", h.kind());
            if (h.exec() != null) n.set("exec", Json.MAPPER.valueToTree(h.exec()));
            if (h.onFailure() != null) n.set("on_failure", Json.MAPPER.valueToTree(h.onFailure()));
            if (h.http() != null) {
                ObjectNode http = n.putObject("http");
                http.put("method", h.http().method());
                http.put("url", Secrets.url(h.http().url()));
                ObjectNode headers = http.putObject("headers");
                h.http().headers().forEach((k, v) -> headers.put(k, Secrets.header(k, v)));
                if (h.http().body() != null)
                    http.put("body", h.http().body().isTextual() ? "(template)" : "(json template)");
            }
            if (h.javaClass() != null) n.put("java", h.javaClass());
            if (h.queue() != null) n.put("queue", h.queue());
            options(n, h.options());
        }
        ObjectNode defaults = out.putObject("defaults");
        defaults.put("queue", config.defaults().queue());
        defaults.put("tries", config.defaults().tries());
        defaults.put("timeout", config.defaults().timeout());
        defaults.put("backoff", config.defaults().backoff());
        out.put("allow_raw", config.allowRaw());
        Optional<SigningKey> key = SigningKey.find(config, System::getenv);
        ObjectNode signing = out.putObject("signing_key");
        signing.put("source", key.map(SigningKey::source).orElse(null));
        signing.put("value", key.isPresent() ? Secrets.MASK : null);
        ArrayNode cp = out.putArray("classpath");
        config.classpath().forEach(p -> cp.add(p.toString()));

        out().print(json ? Json.write(out) + "\n" : human(out));
        return ExitCodes.OK;
    }

    private static void options(ObjectNode n, JobOptions o) {
        if (o.maxTries() != null) n.put("tries", o.maxTries());
        if (o.maxExceptions() != null) n.put("max_exceptions", o.maxExceptions());
        if (o.timeout() != null) n.put("timeout", o.timeout());
        if (o.backoff() != null) n.put("backoff", o.backoff());
    }

    /** The same facts as YAML-ish lines for people. */
    private static String human(ObjectNode out) {
        StringBuilder sb = new StringBuilder();
        sb.append("file: ")
                .append(
                        out.path("file").isNull()
                                ? "(none found)"
                                : out.get("file").asText())
                .append('\n');
        if (out.has("searched"))
            out.get("searched")
                    .forEach(p -> sb.append("  searched: ").append(p.asText()).append('\n'));
        sb.append("connection: ").append(out.at("/connection/url").asText());
        if (!out.at("/connection/name").isNull())
            sb.append(" (").append(out.at("/connection/name").asText()).append(')');
        sb.append('\n');
        section(sb, "connections", out.get("connections"));
        section(sb, "handlers", out.get("handlers"));
        section(sb, "defaults", out.get("defaults"));
        sb.append("allow_raw: ").append(out.get("allow_raw").asBoolean()).append('\n');
        sb.append("signing_key: ")
                .append(
                        out.at("/signing_key/source").isNull()
                                ? "(none)"
                                : out.at("/signing_key/source").asText() + " " + Secrets.MASK)
                .append('\n');
        if (!out.get("classpath").isEmpty()) section(sb, "classpath", out.get("classpath"));
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, com.fasterxml.jackson.databind.JsonNode node) {
        sb.append(title).append(':');
        if (node.isEmpty()) {
            sb.append(" (none)\n");
            return;
        }
        sb.append('\n');
        if (node.isArray()) {
            node.forEach(v -> sb.append("  - ").append(v.asText()).append('\n'));
            return;
        }
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : node.properties()) {
            com.fasterxml.jackson.databind.JsonNode v = e.getValue();
            if (v.isNull()) continue;
            sb.append("  ")
                    .append(e.getKey())
                    .append(": ")
                    .append(v.isValueNode() ? v.asText() : Json.write(v))
                    .append('\n');
        }
    }
}
