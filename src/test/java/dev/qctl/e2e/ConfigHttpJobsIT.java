package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5, done-when 3: HTTP jobs against a local server — done, retried then failed, released by Retry-After. */
class ConfigHttpJobsIT {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, List<Long>> hits = new ConcurrentHashMap<>();
    private final AtomicInteger throttled = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            int status = switch (path) {
                case "/ok" -> 200;
                case "/broken" -> 500;
                case "/busy" -> throttled.getAndIncrement() == 0 ? 429 : 200;
                default -> 404;
            };
            if (status == 429) exchange.getResponseHeaders().add("Retry-After", "2");
            byte[] body = (status == 500 ? "database is on fire " + "x".repeat(1000) : "fine")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void twoHundredIsDoneFiveHundredIsRetriedThenFailedAndTooManyRequestsIsReleased() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Files.writeString(dir.resolve("qctl.yml"), """
                connections:
                  default: sqlite:q.sqlite
                handlers:
                  call:
                    http: {method: POST, url: "%s/{path}"}
                    tries: 3
                    backoff: 1
                """.formatted(base));
        Qctl qctl = new Qctl(dir, Map.of("QCTL_SIGNING_KEY", "http-test-signing-key-0123"));
        for (String path : List.of("ok", "broken", "busy")) {
            Qctl.Result r = qctl.run("dispatch", "call", "--data", "{\"path\":\"" + path + "\"}");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        // a raw http job, signed because the dispatcher holds the key
        assertThat(qctl.run("dispatch", "http", "--data", "{\"method\":\"GET\",\"url\":\"" + base + "/ok\"}")
                        .exit())
                .isZero();

        Qctl.Running worker = qctl.start("work", "--sleep", "0.1", "--json");
        try {
            await("every job to finish").atMost(Duration.ofSeconds(40)).until(() -> {
                String out = worker.stdout();
                return out.split("\"status\":\"success\"", -1).length - 1 == 3 && out.contains("\"status\":\"failed\"");
            });
            worker.signal("TERM");
            assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();
        } finally {
            worker.process().destroyForcibly(); // never leave a worker behind a failed assertion
        }

        assertThat(hits.get("/ok")).hasSize(2);
        assertThat(hits.get("/broken")).hasSize(3);
        List<Long> busy = hits.get("/busy");
        assertThat(busy).hasSize(2);
        assertThat(Duration.ofNanos(busy.get(1) - busy.get(0)))
                .isBetween(Duration.ofMillis(1900), Duration.ofSeconds(6));

        JsonNode failed = Json.parse(qctl.run("failed", "--json").out(), "failed");
        assertThat(failed).hasSize(1);
        String exception = failed.get(0).get("exception").asText();
        assertThat(exception).startsWith("HTTP 500 from POST " + base + "/broken: database is on fire xxx");
        assertThat(exception.length()).isLessThan(600);
    }
}
