package dev.qctl.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.config.HttpSpec;
import dev.qctl.config.Placeholders;
import dev.qctl.queue.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Sends one HTTP request per attempt. Raw jobs ({@code job: "http"}) carry
 * {@code data: {method, url, headers, body}}; a qctl.yml {@code http:} handler fills its
 * templates from the data. 2xx = done; 429/503 with Retry-After = release after that delay;
 * anything else (redirects included: they are not followed) or a connection error = failed
 * attempt, with the status and the start of the response body. Connect and request timeouts
 * are the job's timeout.
 */
public final class HttpHandler implements JobHandler {
    static final int EXCERPT_CHARS = 500;
    private static final int MAX_BODY_READ = 64 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final HttpSpec spec;
    private final Duration defaultTimeout;
    /** One client per connect timeout: a client owns a selector thread, so they are reused. */
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    /** A raw {@code http} handler. */
    public HttpHandler(Duration defaultTimeout) {
        this(null, defaultTimeout);
    }

    /** A named handler sending {@code spec}'s request. */
    public HttpHandler(HttpSpec spec, Duration defaultTimeout) {
        this.spec = spec;
        this.defaultTimeout = defaultTimeout;
    }

    private record Request(String method, URI uri, Map<String, String> headers, byte[] body, String contentType) {}

    @Override
    public void handle(Attempt context) throws Exception {
        Integer seconds = context.payload().options().timeout();
        Duration timeout = seconds != null && seconds > 0
                ? Duration.ofSeconds(seconds)
                : defaultTimeout.isZero() ? Duration.ofMinutes(10) : defaultTimeout;
        Request request;
        try {
            request = spec == null
                    ? raw(context.payload().data())
                    : named(spec, context.payload().data());
        } catch (IllegalArgumentException e) {
            throw new UnhandleableJobException("http job: " + e.getMessage());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(timeout);
        request.headers().forEach(builder::header);
        if (request.contentType() != null
                && request.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            builder.header("Content-Type", request.contentType());
        }
        builder.method(
                request.method(),
                request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        String target = request.method() + " " + shown(request.uri());

        HttpResponse<InputStream> response;
        try {
            response = client(timeout).send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new AttemptFailedException(target + " timed out after " + timeout.toSeconds() + "s");
        } catch (IOException e) {
            throw new AttemptFailedException(target + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        int status = response.statusCode();
        String excerpt = excerpt(response.body());
        if (status >= 200 && status < 300) return;
        if (status == 429 || status == 503) {
            Duration delay =
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            if (delay != null) {
                throw new ReleaseRequestedException(
                        delay, "HTTP " + status + " from " + target + ", retry after " + delay.toSeconds() + "s");
            }
        }
        throw new AttemptFailedException(
                "HTTP " + status + " from " + target + (excerpt.isEmpty() ? "" : ": " + excerpt));
    }

    private HttpClient client(Duration connectTimeout) {
        return clients.computeIfAbsent(
                connectTimeout,
                t -> HttpClient.newBuilder()
                        .connectTimeout(t)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
    }

    private static Request raw(JsonNode data) {
        if (!data.isObject()) throw new IllegalArgumentException("data must be an object {method, url, headers, body}");
        String method = data.path("method").asText("GET").toUpperCase(Locale.ROOT);
        URI uri = uri(data.path("url").asText(""));
        Map<String, String> headers = new LinkedHashMap<>();
        data.path("headers")
                .properties()
                .forEach(e -> headers.put(e.getKey(), headerValue(e.getValue().asText())));
        JsonNode body = data.get("body");
        if (body == null || body.isNull()) return request(method, uri, headers, null, null);
        if (body.isTextual())
            return request(
                    method, uri, headers, body.asText().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        return request(method, uri, headers, Json.write(body).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static Request named(HttpSpec spec, JsonNode data) {
        URI uri = uri(Placeholders.fill(
                spec.url(),
                data,
                v -> URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        Map<String, String> headers = new LinkedHashMap<>();
        spec.headers()
                .forEach((k, v) -> headers.put(k, headerValue(Placeholders.fill(v, data, UnaryOperator.identity()))));
        JsonNode body = spec.body();
        if (body == null) {
            if (!BODY_METHODS.contains(spec.method()) || data.isMissingNode() || data.isNull())
                return request(spec.method(), uri, headers, null, null);
            return request(
                    spec.method(), uri, headers, Json.write(data).getBytes(StandardCharsets.UTF_8), "application/json");
        }
        if (body.isTextual()) {
            String text = Placeholders.fill(body.asText(), data, UnaryOperator.identity());
            return request(
                    spec.method(), uri, headers, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        }
        return request(
                spec.method(),
                uri,
                headers,
                Json.write(fillJson(body, data)).getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    /** A JSON body template: a string that is exactly "{name}" takes the data's value as it is (typed); others are text templates. */
    private static JsonNode fillJson(JsonNode template, JsonNode data) {
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            template.properties().forEach(e -> out.set(e.getKey(), fillJson(e.getValue(), data)));
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            template.forEach(n -> out.add(fillJson(n, data)));
            return out;
        }
        if (template.isTextual()) {
            String text = template.asText();
            String sole = Placeholders.soleName(text);
            if (sole != null) return Placeholders.node(data, sole);
            return JsonNodeFactory.instance.textNode(Placeholders.fill(text, data, UnaryOperator.identity()));
        }
        return template;
    }

    private static Request request(String method, URI uri, Map<String, String> headers, byte[] body, String type) {
        if (!METHODS.contains(method)) throw new IllegalArgumentException("unsupported method " + method);
        return new Request(method, uri, headers, body, type);
    }

    private static URI uri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed url");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be http:// or https:// with a host");
        }
        return uri;
    }

    private static String headerValue(String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)
            throw new IllegalArgumentException("a header value may not hold a line break");
        return value;
    }

    /** scheme://host[:port]/path: no credentials or query string (they may hold tokens). */
    static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(v));
        try {
            Duration d =
                    Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The first {@value #EXCERPT_CHARS} characters of the body on one line; reads at most 64 KiB. */
    private static String excerpt(InputStream body) {
        try (body) {
            byte[] bytes = body.readNBytes(MAX_BODY_READ);
            String text = new String(bytes, StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ")
                    .strip();
            return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS);
        } catch (IOException e) {
            return "";
        }
    }
}
