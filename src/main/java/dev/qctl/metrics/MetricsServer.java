package dev.qctl.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.qctl.base.UsageException;
import dev.qctl.worker.WorkerState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code qctl work --metrics-port}: /metrics (Prometheus text, written by the client library),
 * /health/live and /health/ready (JSON, 200 or 503), on the JDK's HTTP server with a thread of
 * its own, so scrapes never run on the worker's threads. Bound to loopback unless told.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    public static MetricsServer start(String host, int port, PrometheusRegistry registry, Supplier<WorkerState> state) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot serve metrics on " + host + ":" + port + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
        server.createContext("/metrics", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            text.write(body, registry.scrape());
            send(exchange, 200, text.getContentType(), body.toByteArray());
        });
        server.createContext("/health/live", exchange -> health(exchange, Health.live(state.get(), System.nanoTime())));
        server.createContext(
                "/health/ready", exchange -> health(exchange, Health.ready(state.get(), System.nanoTime())));
        server.createContext(
                "/",
                exchange -> send(
                        exchange,
                        404,
                        "text/plain; charset=utf-8",
                        "try /metrics, /health/live or /health/ready\n".getBytes(StandardCharsets.UTF_8)));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "qctl-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsServer(server);
    }

    /** The port it listens on (the one asked for, or the one the system chose for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, Health.Answer answer) throws IOException {
        send(
                exchange,
                answer.ok() ? 200 : 503,
                "application/json",
                (answer.json() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")
                    && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head)
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
