package dev.qctl.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.qctl.config.HttpSpec;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHandlerTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            int status = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            if (status == 429) exchange.getResponseHeaders().add("Retry-After", "2");
            byte[] reply = ("oops ".repeat(200)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Attempt context(String job, ObjectNode data) {
        return new Attempt(
                "1",
                "default",
                1,
                "sqlite",
                Payload.create(job, job, data, new JobOptions(null, null, null, 5, null, null)));
    }

    private ObjectNode raw(String path) {
        ObjectNode data =
                JsonNodeFactory.instance.objectNode().put("method", "POST").put("url", base() + path);
        data.putObject("body").put("hello", "world");
        return data;
    }

    @Test
    void twoHundredIsDone() throws Exception {
        new HttpHandler(Duration.ofSeconds(60)).handle(context("http", raw("/status/200")));
        assertThat(seen).containsExactly("POST /status/200 {\"hello\":\"world\"} auth=null");
    }

    @Test
    void fiveHundredIsAFailedAttemptWithStatusAndExcerpt() {
        assertThatThrownBy(() ->
                        new HttpHandler(Duration.ofSeconds(60)).handle(context("http", raw("/status/500?token=x"))))
                .isInstanceOf(AttemptFailedException.class)
                .hasMessageStartingWith("HTTP 500 from POST " + base() + "/status/500: oops oops")
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("token").hasSizeLessThan(600));
    }

    @Test
    void tooManyRequestsWithRetryAfterAsksForARelease() {
        assertThatThrownBy(() -> new HttpHandler(Duration.ofSeconds(60)).handle(context("http", raw("/status/429"))))
                .isInstanceOfSatisfying(
                        ReleaseRequestedException.class,
                        e -> assertThat(e.delay()).isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void aConnectionErrorIsAFailedAttempt() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("url", "http://127.0.0.1:1/x");
        assertThatThrownBy(() -> new HttpHandler(Duration.ofSeconds(60)).handle(context("http", data)))
                .isInstanceOf(AttemptFailedException.class)
                .hasMessageContaining("GET http://127.0.0.1:1/x failed: ConnectException");
    }

    @Test
    void namedHandlerFillsItsTemplatesWithEncodedValues() throws Exception {
        ObjectNode body = JsonNodeFactory.instance
                .objectNode()
                .put("taxpayer", "{taxpayer}")
                .put("note", "id {taxpayer}");
        HttpSpec spec =
                new HttpSpec("PUT", base() + "/t/{taxpayer}/200", Map.of("Authorization", "Bearer {token}"), body);
        ObjectNode data =
                JsonNodeFactory.instance.objectNode().put("taxpayer", "4 2/..").put("token", "abc");
        new HttpHandler(spec, Duration.ofSeconds(60)).handle(context("hook", data));
        assertThat(seen)
                .containsExactly(
                        "PUT /t/4%202%2F../200 {\"taxpayer\":\"4 2/..\",\"note\":\"id 4 2/..\"} auth=Bearer abc");
    }
}
