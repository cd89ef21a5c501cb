package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.Qctl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, done-when 2, and the headers and limits every answer carries; plain HTTP, no browser. */
class DashboardSecurityIT {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bindingBeyondTheLoopbackWithoutAPasswordIsRefused() throws Exception {
        Qctl qctl = new Qctl(dir);
        Qctl.Result r = qctl.run("dashboard", "--host", "0.0.0.0", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines())
                .singleElement()
                .asString()
                .startsWith("qctl: refusing to serve the dashboard on 0.0.0.0 without a password")
                .contains("QCTL_DASHBOARD_PASSWORD");
        qctl.close();
    }

    @Test
    void wrongPasswordsGet401ThenAreRateLimitedAndEveryAnswerCarriesTheSecurityHeaders() throws Exception {
        try (Qctl qctl = new Qctl(dir, Map.of("QCTL_DASHBOARD_PASSWORD", "s3cret-pass"))) {
            assertThat(qctl.run("migrate").exit()).isZero();
            Qctl.Running dashboard = qctl.start("dashboard", "--port", "0", "--behind-tls");
            String base = await("the dashboard to listen")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> listening(dashboard.stderr()), url -> url != null);

            HttpResponse<String> page = http.send(get(base), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).contains("/qctl/login");
            HttpResponse<String> login = http.send(get(base + "login"), HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp ->
                            assertThat(csp).startsWith("default-src 'self'").doesNotContain("unsafe-inline"));
            assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(login.body()).doesNotContain("<script>").contains("assets/login.js");
            assertThat(http.send(get(base + "api/overview"), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);

            HttpResponse<String> good = login(base, "admin", "s3cret-pass");
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.headers().firstValue("Set-Cookie"))
                    .hasValueSatisfying(
                            c -> assertThat(c).contains("HttpOnly", "SameSite=Strict", "Secure", "Path=/qctl"));

            for (int i = 0; i < 5; i++)
                assertThat(login(base, "admin", "guess" + i).statusCode()).isEqualTo(401);
            HttpResponse<String> limited = login(base, "admin", "s3cret-pass");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(dashboard.stderr())
                    .contains("wrong password for user 'admin' from 127.0.0.1")
                    .doesNotContain("guess");

            HttpResponse<String> huge = http.send(
                    HttpRequest.newBuilder(URI.create(base + "api/login"))
                            .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(huge.statusCode()).isIn(413, 429);
        }
    }

    @Test
    void aTokenFileLetsTheApiInAndAnEmptyOneIsRefused() throws Exception {
        try (Qctl qctl = new Qctl(dir)) {
            java.nio.file.Files.writeString(dir.resolve("empty-token"), "");
            Qctl.Result empty = qctl.run("dashboard", "--port", "0", "--token-file", "empty-token");
            assertThat(empty.exit()).isEqualTo(2);
            assertThat(empty.errLines()).singleElement().asString().contains("--token-file", "is empty");

            java.nio.file.Files.writeString(dir.resolve("token"), "from-a-file\n");
            assertThat(qctl.run("migrate").exit()).isZero();
            Qctl.Running dashboard = qctl.start("dashboard", "--port", "0", "--token-file", "token");
            String base = await("the dashboard to listen")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> listening(dashboard.stderr()), url -> url != null);
            assertThat(dashboard.stderr()).contains("(login: API token)");
            HttpResponse<String> in = http.send(
                    HttpRequest.newBuilder(URI.create(base + "api/workers"))
                            .header("Authorization", "Bearer from-a-file")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
            assertThat(http.send(get(base + "api/workers"), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void readOnlyShowsButChangesNothing() throws Exception {
        try (Qctl qctl = new Qctl(dir)) {
            assertThat(qctl.run("migrate").exit()).isZero();
            Qctl.Running dashboard = qctl.start("dashboard", "--port", "0", "--read-only", "--base-path", "/");
            String base = await("the dashboard to listen")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> listening(dashboard.stderr()), url -> url != null);
            // no password on the loopback: the page hands out a session of its own
            HttpResponse<String> page = http.send(get(base), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            String cookie =
                    page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> session = http.send(
                    HttpRequest.newBuilder(URI.create(base + "api/session"))
                            .header("Cookie", cookie)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher csrf = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(session.body());
            assertThat(csrf.find()).as(session.body()).isTrue();
            assertThat(session.body()).contains("\"read_only\":true");
            HttpResponse<String> action = http.send(
                    HttpRequest.newBuilder(URI.create(base + "api/failed/1/forget"))
                            .header("Cookie", cookie)
                            .header("X-CSRF-Token", csrf.group(1))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(action.statusCode()).isEqualTo(403);
            assertThat(action.body()).contains("read-only");
        }
    }

    private HttpResponse<String> login(String base, String user, String password) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).build();
    }

    private static String listening(String stderr) {
        Matcher m = Pattern.compile("qctl dashboard on (http://\\S+)").matcher(stderr);
        return m.find() ? m.group(1) : null;
    }
}
