package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 through the JSON API, no browser: the bearer token, retry-all-matching, a failed row
 * that names another connection, and the overview's last hour. One dashboard on a SQLite store
 * whose failed_jobs also holds the failures of a Redis connection ({@code failed: main}), as in
 * Laravel's arrangement; the dashboard's qctl.yml lacks one of the connections that wrote rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardApiIT {
    static final String TOKEN = "t0ken-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    static Qctl qctl;
    static Qctl dashboardSide;
    static Qctl.Running dashboard;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The queues the failures are on: retry-all's, its neighbour's, and the other connections'. */
    static final String QUEUE = "mail-" + UUID.randomUUID().toString().substring(0, 6);

    static final String NEIGHBOUR = QUEUE + "-other";
    static final String ELSEWHERE = "elsewhere-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void start() throws Exception {
        String redis = System.getenv().getOrDefault("QCTL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15");
        String sep = redis.contains("?") ? "&" : "?";
        String connections = """
                allow_raw: true
                connections:
                  main: "sqlite:%s"
                  other: {url: "%s%sprefix=dash-other-%s:", failed: main}
                """.formatted(dir.resolve("main.sqlite"), redis, sep, UUID.randomUUID());
        // the workers' qctl.yml also knows "ghost"; the dashboard's does not
        Files.writeString(
                dir.resolve("qctl.yml"),
                "default: main\n" + connections
                        + "  ghost: {url: \"%s%sprefix=dash-ghost-%s:\", failed: main}\n"
                                .formatted(redis, sep, UUID.randomUUID()));
        Files.writeString(dir.resolve("dashboard.yml"), "default: main\n" + connections);
        qctl = new Qctl(dir, Map.of("QCTL_CONFIG", dir.resolve("qctl.yml").toString()));
        assertThat(qctl.run("migrate").exit()).isZero();
        dashboardSide = new Qctl(
                dir,
                Map.of(
                        "QCTL_CONFIG",
                        dir.resolve("dashboard.yml").toString(),
                        "QCTL_DASHBOARD_TOKEN",
                        TOKEN,
                        "QCTL_LOG_LEVEL",
                        "info"));
        dashboard = dashboardSide.start("dashboard", "--port", "0", "--queue", "default");
        // the failures, made while the dashboard starts: four on QUEUE, one beside it, one each
        // recorded in main's failed_jobs by the two Redis connections
        Path fails = dir.resolve("fails.jsonl");
        Files.write(fails, Collections.nCopies(4, "[\"sh\", \"-c\", \"echo mailbox down >&2; exit 3\"]"));
        dispatch("--queue", QUEUE, "--tries=1", "--from", fails.toString());
        dispatch("--queue", NEIGHBOUR, "--tries=1", "--", "sh", "-c", "exit 3");
        dispatch("-c", "other", "--queue", ELSEWHERE, "--tries=1", "--", "sh", "-c", "exit 3");
        dispatch("-c", "ghost", "--queue", ELSEWHERE, "--tries=1", "--", "sh", "-c", "exit 3");
        List<Qctl.Running> workers = List.of(
                qctl.start("work", "--queue", QUEUE + "," + NEIGHBOUR, "--stop-when-empty", "--sleep", "0.05"),
                qctl.start("work", "-c", "other", "--queue", ELSEWHERE, "--stop-when-empty", "--sleep", "0.05"),
                qctl.start("work", "-c", "ghost", "--queue", ELSEWHERE, "--stop-when-empty", "--sleep", "0.05"));
        for (Qctl.Running w : workers)
            assertThat(w.waitFor(Duration.ofSeconds(60))).as(w.stderr()).isZero();
        base = await("the dashboard to listen")
                .atMost(Duration.ofSeconds(30))
                .until(() -> listening(dashboard.stderr()), url -> url != null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboardSide != null) dashboardSide.close();
        if (qctl != null) qctl.close();
    }

    @Test
    @Order(1)
    void theTokenReadsAndActsWithoutACookieAndTheFormTakesItAsThePassword() throws Exception {
        HttpResponse<String> overview = send(bearer("api/overview", TOKEN).GET());
        assertThat(overview.statusCode()).as(overview.body()).isEqualTo(200);
        assertThat(overview.body()).contains("\"connection\":\"main\"");
        assertThat(send(request("api/overview").GET()).statusCode()).isEqualTo(401);

        // a browser: only a token is set, so the login form takes it as the password
        String cookie = login();
        HttpResponse<String> session =
                send(request("api/session").header("Cookie", cookie).GET());
        assertThat(session.statusCode()).isEqualTo(200);
        // the cookie's actions still need the CSRF token, retry-all-matching among them
        HttpResponse<String> forged = send(request("api/failed/retry-matching?upto=999999")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(dashboard.stderr()).doesNotContain(TOKEN);
    }

    @Test
    @Order(2)
    void retryAllMatchingRetriesWhatTheCountShowedAndNothingNewer() throws Exception {
        JsonNode counted = json(send(bearer("api/failed/matching?queue=" + QUEUE + "&text=mailbox+DOWN", TOKEN)
                .GET()));
        assertThat(counted.get("count").asLong()).isEqualTo(4);
        JsonNode listed =
                json(send(bearer("api/failed?queue=" + QUEUE, TOKEN).GET())).get("jobs");
        assertThat(counted.get("newest").asLong())
                .isEqualTo(listed.get(0).get("id").asLong());
        // as if the newest had failed after the count was shown: a count up to the one before it
        long upto = listed.get(1).get("id").asLong();

        JsonNode done =
                json(send(bearer("api/failed/retry-matching?queue=" + QUEUE + "&text=mailbox&upto=" + upto, TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())));
        assertThat(done.get("retried").asLong()).isEqualTo(3);
        assertThat(done.get("kept").asLong()).isZero();

        JsonNode left = json(send(bearer("api/failed?queue=" + QUEUE, TOKEN).GET()));
        assertThat(left.get("jobs")).hasSize(1);
        assertThat(left.get("jobs").get(0).get("id").asLong()).isGreaterThan(upto);
        assertThat(json(send(bearer("api/failed/matching?queue=" + NEIGHBOUR, TOKEN)
                                .GET()))
                        .get("count")
                        .asLong())
                .isEqualTo(1);
        assertThat(qctl.run("monitor", "--queue", QUEUE, "--json").out()).contains("\"pending\":3");
        assertThat(dashboard.stderr())
                .contains("dashboard: api-token from 127.0.0.1 retried 3 failed jobs matching queue=" + QUEUE);
    }

    /** Brief item 5: the row names the Redis connection, so the retry goes to Redis, not the dashboard's SQLite. */
    @Test
    @Order(3)
    void aFailedRowOfAnotherConnectionGoesBackThereAndAnUnknownOneIsKept() throws Exception {
        JsonNode rows =
                json(send(bearer("api/failed?queue=" + ELSEWHERE, TOKEN).GET())).get("jobs");
        assertThat(rows).hasSize(2);
        JsonNode fromRedis = StreamSupport.stream(rows.spliterator(), false)
                .filter(r -> r.get("connection").asText().equals("other"))
                .findFirst()
                .orElseThrow();
        JsonNode fromGhost = StreamSupport.stream(rows.spliterator(), false)
                .filter(r -> r.get("connection").asText().equals("ghost"))
                .findFirst()
                .orElseThrow();

        HttpResponse<String> retried = send(bearer("api/failed/" + fromRedis.get("id") + "/retry", TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(qctl.run("monitor", "-c", "other", "--queue", ELSEWHERE, "--json")
                        .out())
                .contains("\"pending\":1");
        assertThat(qctl.run("monitor", "-c", "main", "--queue", ELSEWHERE, "--json")
                        .out())
                .contains("\"pending\":0");

        HttpResponse<String> unknown = send(bearer("api/failed/" + fromGhost.get("id") + "/retry", TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(unknown.statusCode()).isEqualTo(409);
        assertThat(unknown.body()).contains("[ghost]").contains("kept in the failed list");
        assertThat(send(bearer("api/failed/" + fromGhost.get("id"), TOKEN).GET())
                        .statusCode())
                .isEqualTo(200);
    }

    /** A job still waiting is found by its id, with its state and its payload masked. */
    @Test
    @Order(4)
    void aDelayedJobIsFoundByItsIdAndAFinishedOneIsNot() throws Exception {
        Qctl.Result r = qctl.run(
                "dispatch",
                "--queue",
                "default",
                "--delay",
                "600",
                "--data",
                "{\"password\":\"hunter2\"}",
                "--",
                "true");
        assertThat(r.exit()).as(r.err()).isZero();
        String id = r.out().strip();
        JsonNode found = json(send(bearer("api/jobs/" + id, TOKEN).GET()));
        assertThat(found.get("kind").asText()).isEqualTo("job");
        assertThat(found.get("state").asText()).isEqualTo("delayed");
        assertThat(found.get("queue").asText()).isEqualTo("default");
        assertThat(found.get("payload").asText()).doesNotContain("hunter2");
        assertThat(send(bearer("api/jobs/987654321", TOKEN).GET()).statusCode()).isEqualTo(404);
        assertThat(qctl.run("clear", "--queue", "default", "--force").exit()).isZero();
        assertThat(send(bearer("api/jobs/" + id, TOKEN).GET()).statusCode()).isEqualTo(404);
    }

    /** The overview's last hour: a worker's finished jobs appear in its queue's current minute. */
    @Test
    @Order(5)
    void theOverviewCountsTheJobsAWorkerFinishesIntoThisMinute() throws Exception {
        String queue = "lines-" + UUID.randomUUID().toString().substring(0, 6);
        Qctl.Running worker = qctl.start("work", "--queue", queue, "--sleep", "0.05", "--name", queue);
        await("the worker's heartbeat on the overview")
                .atMost(Duration.ofSeconds(20))
                .until(() -> row(queue) != null);
        Path six = dir.resolve("six.jsonl");
        Files.write(six, Collections.nCopies(6, "[\"true\"]"));
        dispatch("--queue", queue, "--from", six.toString());
        JsonNode row = await("six jobs done in this queue's last hour")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> row(queue), r -> r != null && done(r) == 6);
        assertThat(row.get("throughput")).hasSize(60);
        assertThat(row.get("wait")).hasSize(60);
        JsonNode thisMinute = row.get("throughput").get(59).isNull()
                ? row.get("throughput").get(58)
                : row.get("throughput").get(59);
        assertThat(thisMinute.isNull()).isFalse();
        assertThat(row.get("wait").get(0).isNull())
                .as("before the dashboard started")
                .isTrue();
        JsonNode other = row("default");
        assertThat(done(other)).isZero();
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();
    }

    /** Last: it locks this address out of logging in for a minute. */
    @Test
    @Order(6)
    void wrongTokensGet401ThenTheAddressIsRateLimited() throws Exception {
        for (int i = 0; i < 5; i++)
            assertThat(send(bearer("api/overview", "guess-" + i).GET()).statusCode())
                    .isEqualTo(401);
        HttpResponse<String> limited = send(bearer("api/overview", TOKEN).GET());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(dashboard.stderr())
                .contains("wrong API token from 127.0.0.1")
                .doesNotContain("guess-");
    }

    private static long done(JsonNode row) {
        long sum = 0;
        for (JsonNode n : row.get("throughput")) sum += n.asLong(0);
        return sum;
    }

    private static JsonNode row(String queue) throws Exception {
        JsonNode overview = json(send(bearer("api/overview", TOKEN).GET()));
        for (JsonNode q : overview.get("queues")) if (q.get("queue").asText().equals(queue)) return q;
        return null;
    }

    private static void dispatch(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("dispatch"));
        all.addAll(List.of(args));
        Qctl.Result r = qctl.run(all.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private static String login() throws Exception {
        HttpResponse<String> r = send(request("api/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"" + TOKEN + "\"}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    private static HttpRequest.Builder bearer(String path, String token) {
        return request(path).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body(), "answer");
    }

    private static String listening(String stderr) {
        Matcher m = Pattern.compile("qctl dashboard on (http://\\S+)").matcher(stderr);
        return m.find() ? m.group(1) : null;
    }
}
