package dev.qctl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.qctl.base.QctlException;
import dev.qctl.base.Secrets;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP side, on the JDK's own {@link HttpServer} (no server library to load: it
 * starts in milliseconds): the pages and assets from the jar, the login, and {@code /api/} behind
 * the session. Every answer carries the security headers; every POST needs the session's CSRF token.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.qctl.dashboard");
    static final String COOKIE = "qctl_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Bodies larger than this are refused unread: the API's bodies are a login form at most. */
    static final int MAX_BODY = 16 * 1024;

    static final int MAX_URI = 4096;
    private static final String LOCAL_USER = "local";
    /** Who the API token's caller is in the log. */
    private static final String TOKEN_USER = "api-token";

    private static final String CSP =
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final DashboardSettings settings;
    private final DashboardApi api;
    private final Sessions sessions = new Sessions();
    private final LoginThrottle throttle = new LoginThrottle();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** @param retryTarget the store a failed job goes back to (the connection its row names) */
    public DashboardServer(
            QueueBackend backend, DashboardSettings settings, Function<FailedJob, QueueBackend> retryTarget)
            throws IOException {
        this.settings = settings;
        this.api = new DashboardApi(backend, settings, retryTarget);
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        server.createContext(settings.basePath().isEmpty() ? "/" : settings.basePath(), this::handle);
        server.setExecutor(executor);
    }

    public void start() {
        server.start();
    }

    /** The port listened on (the one asked for, or the one the system picked for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        api.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            securityHeaders(ex);
            if (ex.getRequestURI().getRawPath().length()
                            + String.valueOf(ex.getRequestURI().getRawQuery()).length()
                    > MAX_URI) {
                send(ex, 414, "text/plain", "request URI too long".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path =
                    ex.getRequestURI().getPath().substring(settings.basePath().length());
            if (path.isEmpty()) {
                redirect(ex, settings.basePath() + "/");
                return;
            }
            route(ex, path);
        } catch (QctlException e) {
            json(ex, 400, error(Secrets.text(e.getMessage())));
        } catch (RuntimeException e) {
            LOG.warn(
                    "dashboard: {} {} failed: {}",
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    e.toString());
            json(ex, 500, error("internal error: " + Secrets.text(String.valueOf(e.getMessage()))));
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        if (path.startsWith("/assets/")) {
            asset(ex, path.substring("/assets/".length()));
            return;
        }
        if (path.equals("/login")) {
            page(ex, "login.html");
            return;
        }
        if (path.equals("/api/login") && method.equals("POST")) {
            login(ex);
            return;
        }
        if (path.startsWith("/api/")) {
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                bearer(ex, path.substring("/api/".length()), authorization);
                return;
            }
        }
        Optional<Sessions.Session> session = session(ex);
        if (path.startsWith("/api/")) {
            if (session.isEmpty()) {
                json(ex, 401, error("log in first"));
                return;
            }
            api(ex, path.substring("/api/".length()), session.get().user(), session.get());
            return;
        }
        if (path.equals("/")) {
            if (session.isEmpty()) {
                if (settings.loginRequired()) {
                    redirect(ex, settings.basePath() + "/login");
                    return;
                }
                setCookie(ex, sessions.open(LOCAL_USER));
            }
            page(ex, "index.html");
            return;
        }
        send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An API call that names its caller with {@code Authorization: Bearer TOKEN} instead of a
     * session cookie. Wrong tokens count against the address like wrong passwords. No CSRF token
     * is asked for: a browser never adds this header to a forged request by itself, which is
     * what the CSRF token guards a cookie against.
     */
    private void bearer(HttpExchange ex, String path, String authorization) throws IOException {
        String from = remote(ex);
        if (!throttle.allowed(from)) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(throttle.retryAfterSeconds(from)));
            json(ex, 429, error("too many wrong passwords or tokens: try again later"));
            return;
        }
        String scheme = "Bearer ";
        boolean bearer = authorization.regionMatches(true, 0, scheme, 0, scheme.length());
        String given = bearer ? authorization.substring(scheme.length()).strip() : "";
        if (settings.token() == null || !bearer || !constantTimeEquals(given, settings.token())) {
            throttle.failed(from);
            LOG.warn("dashboard: wrong API token from {}", from);
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            json(ex, 401, error(settings.token() == null ? "this dashboard takes no API token" : "wrong API token"));
            return;
        }
        api(ex, path, TOKEN_USER, null);
    }

    /** @param session the caller's browser session, or null for a caller with the API token */
    private void api(HttpExchange ex, String path, String user, Sessions.Session session) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> {
                if (path.equals("session")) {
                    ObjectNode o = Json.MAPPER.createObjectNode();
                    o.put("user", user)
                            .put("csrf", session == null ? null : session.csrf())
                            .put("read_only", settings.readOnly())
                            .put("login", settings.loginRequired());
                    json(ex, 200, o);
                    return;
                }
                ApiResponse r = api.get(path, query(ex));
                json(ex, r.status(), r.body());
            }
            case "POST" -> {
                if (readBody(ex) == null) return; // bounded; the actions take their arguments from the path
                String token = ex.getRequestHeaders().getFirst(CSRF_HEADER);
                if (session != null && (token == null || !constantTimeEquals(token, session.csrf()))) {
                    LOG.warn(
                            "dashboard: {} from {}: POST {} refused without a valid CSRF token",
                            user,
                            remote(ex),
                            path);
                    json(ex, 403, error("missing or wrong CSRF token"));
                    return;
                }
                if (path.equals("logout")) {
                    if (session != null) sessions.close(session.id());
                    json(ex, 200, error("logged out"));
                    return;
                }
                if (settings.readOnly()) {
                    json(ex, 403, error("the dashboard is read-only (--read-only)"));
                    return;
                }
                ApiResponse r = api.post(path, query(ex), user, remote(ex));
                json(ex, r.status(), r.body());
            }
            default -> json(ex, 405, error("method not allowed"));
        }
    }

    private void login(HttpExchange ex) throws IOException {
        String from = remote(ex);
        if (!throttle.allowed(from)) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(throttle.retryAfterSeconds(from)));
            json(ex, 429, error("too many wrong passwords: try again later"));
            return;
        }
        byte[] body = readBody(ex);
        if (body == null) return;
        JsonNode form;
        try {
            form = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            json(ex, 400, error("expected JSON {user, password}"));
            return;
        }
        String user = form == null ? "" : form.path("user").asText("");
        String password = form == null ? "" : form.path("password").asText("");
        if (!settings.loginRequired()) {
            setCookie(ex, sessions.open(LOCAL_USER));
            json(ex, 200, error("no login needed"));
            return;
        }
        // both compared whole, in constant time, so the answer's timing tells nothing
        boolean userOk = constantTimeEquals(user, settings.user());
        // with only a token set, the form takes the token as the password
        String expected = settings.password() != null ? settings.password() : settings.token();
        boolean passwordOk = constantTimeEquals(password, expected);
        if (!(userOk & passwordOk)) {
            throttle.failed(from);
            LOG.warn("dashboard: wrong password for user '{}' from {}", Secrets.text(user), from);
            json(ex, 401, error("wrong user or password"));
            return;
        }
        throttle.succeeded(from);
        Sessions.Session s = sessions.open(settings.user());
        LOG.info("dashboard: {} logged in from {}", s.user(), from);
        setCookie(ex, s);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("user", s.user()).put("csrf", s.csrf());
        json(ex, 200, o);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Sessions.Session> session(HttpExchange ex) {
        String cookies = ex.getRequestHeaders().getFirst("Cookie");
        if (cookies == null) return Optional.empty();
        for (String part : cookies.split(";")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].equals(COOKIE)) return sessions.find(kv[1]);
        }
        return Optional.empty();
    }

    private void setCookie(HttpExchange ex, Sessions.Session s) {
        String path = settings.basePath().isEmpty() ? "/" : settings.basePath();
        ex.getResponseHeaders()
                .add(
                        "Set-Cookie",
                        COOKIE + "=" + s.id() + "; Path=" + path + "; HttpOnly; SameSite=Strict; Max-Age="
                                + Sessions.IDLE.toSeconds() + (settings.secureCookie() ? "; Secure" : ""));
    }

    /** The body, or null (having answered 413) when it is larger than {@link #MAX_BODY}. */
    private static byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY) {
                    send(ex, 413, "text/plain", "request body too large".getBytes(StandardCharsets.UTF_8));
                    return null;
                }
            } catch (NumberFormatException e) {
                send(ex, 400, "text/plain", "bad Content-Length".getBytes(StandardCharsets.UTF_8));
                return null;
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                send(ex, 413, "text/plain", "request body too large".getBytes(StandardCharsets.UTF_8));
                return null;
            }
            return body;
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> params = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) return params;
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return params;
    }

    private static String remote(HttpExchange ex) {
        return ex.getRemoteAddress().getAddress().getHostAddress();
    }

    private static void securityHeaders(HttpExchange ex) {
        var h = ex.getResponseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
    }

    private void page(HttpExchange ex, String name) throws IOException {
        asset(ex, name);
    }

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private static void asset(HttpExchange ex, String name) throws IOException {
        if (!name.matches("[a-z0-9-]+\\.(html|css|js|svg)")) {
            send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = DashboardServer.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), in.readAllBytes());
        }
    }

    private static void redirect(HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().set("Location", to);
        ex.sendResponseHeaders(302, -1);
    }

    private static ObjectNode error(String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", message);
        return o;
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
