package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, done-when 1 and 2: one qctl.yml with a SQLite and a PostgreSQL connection and an
 * exec, an http and a Java handler drives dispatch and work; `qctl config` masks every secret;
 * a hostile placeholder value reaches the program as one literal argument.
 */
class ConfigEndToEndIT {
    private static final String PG_PASS = "pg-pass-hunter2";
    private static final String TOKEN = "hook-token-s3cret";
    private static final String SIGNING = "file-signing-key-0123456789";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void namedConnectionsAndHandlersDriveDispatchAndWork() throws Exception {
        Path jar = ConfigJobJar.build(dir, Map.of("com.acme.SendInvoice", ConfigJobJar.SEND_INVOICE));
        Files.move(jar, dir.resolve("lib.jar"));
        Path script = dir.resolve("args.sh");
        Files.writeString(
                script,
                "out=$1; shift\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$out\"\n"
                        + "printf '%s' \"${QCTL_IT_PG_PASS:-hidden}\" > \"$out.env\"\n");
        Files.writeString(dir.resolve("signing.key"), SIGNING + "\n");
        String pgQueue = "config-it-" + UUID.randomUUID();
        String pgUrl = TestStores.postgresUrl();
        Files.writeString(dir.resolve("qctl.yml"), """
                default: local
                connections:
                  local: {url: "sqlite:local.sqlite", retry_after: 60}
                  pg: {url: "%s", password_env: QCTL_IT_PG_PASS, pool: 4}
                handlers:
                  show-args:
                    exec: [sh, "%s", "%s", "{taxpayer}", "--id={taxpayer}"]
                    tries: 2
                  hook:
                    http:
                      method: POST
                      url: "http://127.0.0.1:%d/hook/{taxpayer}"
                      headers: {Authorization: "Bearer ${QCTL_IT_HOOK_TOKEN}"}
                    queue: hooks
                  invoice:
                    java: com.acme.SendInvoice
                    queue: %s
                defaults: {queue: default, tries: 1, timeout: 30}
                classpath: [lib.jar]
                signing_key_file: signing.key
                schedule:
                  hourly-noop: {cron: "0 * * * *", command: ["true"]}
                """.formatted(
                pgUrl, script, dir.resolve("argv.txt"), server.getAddress().getPort(), pgQueue));
        Qctl qctl = new Qctl(dir, Map.of("QCTL_IT_PG_PASS", PG_PASS, "QCTL_IT_HOOK_TOKEN", TOKEN));

        // qctl config: the file, both connections, three handlers — and no secret
        Qctl.Result shown = qctl.run("config");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out())
                .contains(dir.resolve("qctl.yml").toString())
                .contains("local")
                .contains("pg")
                .contains("show-args")
                .contains("hook")
                .contains("invoice")
                .contains("QCTL_IT_PG_PASS=***")
                .contains("Authorization\":\"***")
                .contains("signing.key ***");
        Qctl.Result json = qctl.run("config", "--json");
        for (Qctl.Result r : List.of(shown, json)) {
            assertThat(r.out()).doesNotContain(PG_PASS).doesNotContain(TOKEN).doesNotContain(SIGNING);
        }
        JsonNode config = Json.parse(json.out(), "config");
        assertThat(config.get("handlers").size()).isEqualTo(3);
        assertThat(config.at("/connection/name").asText()).isEqualTo("local");

        assertThat(qctl.run("migrate", "--connection", "pg").exit()).isZero();
        dispatch(qctl, "show-args", "--data", "{\"taxpayer\":\"42; rm -rf /\"}");
        dispatch(qctl, "hook", "--data", "{\"taxpayer\":7,\"amount\":10}");
        dispatch(
                qctl,
                "--connection",
                "pg",
                "invoice",
                "--data",
                "{\"invoice\":42,\"email\":\"ap@acme.test\",\"out\":\"" + dir.resolve("invoice.txt") + "\"}");
        Qctl.Result missing = qctl.run("dispatch", "show-args", "--data", "{}");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("handler show-args: data has no value for {taxpayer}");

        Qctl.Result local = qctl.run("work", "--queue", "default,hooks", "--stop-when-empty");
        assertThat(local.exit()).as(local.err()).isZero();
        Qctl.Result pg = qctl.run("work", "pg", "--queue", pgQueue, "--stop-when-empty");
        assertThat(pg.exit()).as(pg.err()).isZero();

        assertThat(Files.readAllLines(dir.resolve("argv.txt"))).containsExactly("42; rm -rf /", "--id=42; rm -rf /");
        assertThat(Files.readString(dir.resolve("argv.txt.env"))).isEqualTo("hidden");
        assertThat(requests).containsExactly("POST /hook/7 {\"taxpayer\":7,\"amount\":10} Bearer " + TOKEN);
        assertThat(Files.readString(dir.resolve("invoice.txt")))
                .startsWith("invoice=42 email=ap@acme.test attempt=1 queue=" + pgQueue);
        assertThat(qctl.run("failed", "--json").out().trim()).isEqualTo("[]");
        for (Qctl.Result r : List.of(local, pg)) {
            assertThat(r.out() + r.err()).doesNotContain(PG_PASS).doesNotContain(TOKEN);
        }
    }

    private static void dispatch(Qctl qctl, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "dispatch";
        System.arraycopy(args, 0, all, 1, args.length);
        Qctl.Result r = qctl.run(all);
        assertThat(r.exit()).as(r.err()).isZero();
    }
}
