package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real library warnings reach stderr, one line each, in the chosen format, with the password
 * masked: a worker on this machine's PostgreSQL whose sessions the server then terminates makes
 * HikariCP warn ("marked as broken", "failed to validate") and the worker warn ("cannot reserve
 * jobs"). The worker's URL carries a password (the test server's own, else one it does not ask
 * for on loopback), so it is in every connection setting and must appear in no output.
 */
class LoggingIT {
    private static final String SECRET = password() != null ? password() : "hunter2";

    @TempDir
    Path dir;

    private Qctl qctl;
    private final String queue = "logging-" + UUID.randomUUID();

    @BeforeAll
    static void migrate(@TempDir Path dir) throws Exception {
        Qctl.Result migrated = new Qctl(dir).run("migrate", "-c", TestStores.postgresUrl());
        assertThat(migrated.exit()).as(migrated.err()).isZero();
    }

    @BeforeEach
    void qctl() {
        qctl = new Qctl(dir);
    }

    @Test
    void aStoreThatCannotBeReachedIsOneLineOnStderrWithoutThePassword() throws Exception {
        Qctl.Result r = qctl.run("work", "postgres://u:hunter2@127.0.0.1:1/db", "--stop-when-empty");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines())
                .containsExactly("qctl: cannot open postgres://u:***@127.0.0.1:1/db: Connection refused");
        assertThat(r.out() + r.err()).doesNotContain("hunter2");
    }

    @Test
    void libraryWarningsAreOneTextLineEachOnStderr() throws Exception {
        String app = "qctl-logging-" + UUID.randomUUID();
        Qctl.Running worker = qctl.start("work", workerUrl(app), "--queue", queue, "--sleep", "0.1");
        List<String> err = warnAfterTerminating(worker, app, "WARN com.zaxxer.hikari.", "cannot reserve jobs");

        assertThat(err)
                .anyMatch(l -> l.matches(
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d WARN com\\.zaxxer\\.hikari\\.[\\w.]+: qctl - .*"));
        assertThat(err).anyMatch(l -> l.contains(" WARN cannot reserve jobs (postgres://" + user() + ":***@"));
        assertThat(err)
                .allMatch(
                        l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d (WARN|ERROR) .*"),
                        "one line per event");
        assertThat(worker.stdout()).doesNotContain("WARN").doesNotContainIgnoringCase("hikari");
        assertThat(worker.stdout() + worker.stderr()).doesNotContain(SECRET);
    }

    @Test
    void logFormatJsonMakesEveryStderrLineAJsonObject() throws Exception {
        String app = "qctl-logging-" + UUID.randomUUID();
        Qctl.Running worker =
                qctl.start("work", workerUrl(app), "--queue", queue, "--sleep", "0.1", "--log-format=json");
        List<JsonNode> events = json(warnAfterTerminating(worker, app, "\"loggerName\":\"com.zaxxer.hikari."));

        assertThat(events)
                .anyMatch(e -> e.path("loggerName").asText().startsWith("com.zaxxer.hikari.")
                        && e.path("level").asText().equals("WARN")
                        && e.path("message").asText().startsWith("qctl - "));
        assertThat(events).allMatch(e -> e.path("timestamp").isNumber() && e.has("threadName"));
        assertThat(worker.stdout()).doesNotContain("loggerName").doesNotContain("WARN");
        assertThat(worker.stdout() + worker.stderr()).doesNotContain(SECRET);
    }

    @Test
    void aJsonWorkerWritesItsOwnWarningsAsJsonToo() throws Exception {
        String app = "qctl-logging-" + UUID.randomUUID();
        Qctl.Running worker = qctl.start("work", workerUrl(app), "--queue", queue, "--sleep", "0.1", "--json");
        List<JsonNode> events = json(warnAfterTerminating(worker, app, "cannot reserve jobs"));

        assertThat(events)
                .anyMatch(e -> e.path("loggerName").asText().equals("dev.qctl.worker.Worker")
                        && e.path("message")
                                .asText()
                                .startsWith("cannot reserve jobs (postgres://" + user() + ":***@"));
        assertThat(events).anyMatch(e -> e.path("loggerName").asText().startsWith("com.zaxxer.hikari."));
        assertThat(worker.stdout()).doesNotContain("loggerName");
        assertThat(worker.stdout() + worker.stderr()).doesNotContain(SECRET);
    }

    /**
     * Terminates the worker's sessions on the server until warnings containing every one of
     * {@code expected} are on its stderr (the pool's next checkout finds its connection gone; on a
     * busy machine it can take a few rounds), then stops it with TERM and returns its stderr lines.
     */
    private List<String> warnAfterTerminating(Qctl.Running worker, String app, String... expected) throws Exception {
        awaitSessions(worker, app);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!containsAll(worker.stderr(), expected)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not all of " + List.of(expected) + " on stderr:\n" + worker.stderr());
            }
            terminateSessions(app);
            Instant wait = Instant.now().plusSeconds(2);
            while (!containsAll(worker.stderr(), expected) && Instant.now().isBefore(wait)) Thread.sleep(50);
        }
        Thread.sleep(300); // let the lines that follow (the retry) be written too
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(20))).as(worker.stderr()).isZero();
        return worker.stderrLines();
    }

    private static boolean containsAll(String text, String... parts) {
        for (String part : parts) if (!text.contains(part)) return false;
        return true;
    }

    private static List<JsonNode> json(List<String> lines) throws Exception {
        assertThat(lines).isNotEmpty();
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            assertThat(line).as("one JSON object per line").startsWith("{").endsWith("}");
            events.add(Json.MAPPER.readTree(line));
        }
        return events;
    }

    /** The test server's URL with {@link #SECRET} as its password and the worker's sessions named {@code app}. */
    private static String workerUrl(String app) {
        URI uri = URI.create(TestStores.postgresUrl());
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery() + "&";
        return uri.getScheme() + "://" + user() + ":" + SECRET + "@" + uri.getHost() + ":" + port(uri)
                + uri.getRawPath() + "?" + query + "ApplicationName=" + app;
    }

    private static String user() {
        String info = URI.create(TestStores.postgresUrl()).getUserInfo();
        return info == null ? "postgres" : info.split(":", 2)[0];
    }

    private static String password() {
        String info = URI.create(TestStores.postgresUrl()).getUserInfo();
        return info != null && info.contains(":") ? info.split(":", 2)[1] : null;
    }

    private static int port(URI uri) {
        return uri.getPort() < 0 ? 5432 : uri.getPort();
    }

    private static void awaitSessions(Qctl.Running worker, String app) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (sessions(app, false) == 0) {
            if (!worker.process().isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("worker never connected:\n" + worker.stderr());
            }
            Thread.sleep(100);
        }
        Thread.sleep(300); // into its polling loop
    }

    private static void terminateSessions(String app) throws Exception {
        sessions(app, true);
    }

    /** How many server sessions are named {@code app}; with {@code terminate}, ends them too. */
    private static int sessions(String app, boolean terminate) throws Exception {
        URI uri = URI.create(TestStores.postgresUrl());
        Properties props = new Properties();
        props.setProperty("user", user());
        if (password() != null) props.setProperty("password", password());
        String sql = "SELECT count(" + (terminate ? "pg_terminate_backend(pid)" : "*")
                + ") FROM pg_stat_activity WHERE application_name = ?";
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + uri.getHost() + ":" + port(uri) + uri.getRawPath(), props);
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, app);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
