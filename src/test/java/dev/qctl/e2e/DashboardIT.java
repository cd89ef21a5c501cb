package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 16, done-when 1 and 3: a real {@code qctl dashboard} (with a password) and real workers
 * on one SQLite store, seen through headless Chromium. One browser session for the class; it logs
 * in once, through the form. Screenshots of every page go to {@code -Dqctl.screenshots=DIR}
 * (default target/dashboard-screenshots); {@code scripts/dashboard-screenshots.sh} refreshes docs/.
 */
class DashboardIT {
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;

    static Qctl qctl;
    static Qctl.Running dashboard;
    static String base;
    static ChromeDriver browser;

    @BeforeAll
    static void startDashboardAndLogIn() throws Exception {
        Path store = dir.resolve("q.sqlite");
        Files.writeString(dir.resolve("qctl.yml"), """
                default: main
                allow_raw: true
                connections:
                  main: "sqlite:%s"
                schedule:
                  nightly-report:
                    cron: "30 2 * * *"
                    command: [sh, -c, "true"]
                  tick:
                    frequency: every_minute
                    command: [sh, -c, "true"]
                """.formatted(store));
        qctl = new Qctl(
                dir, Map.of("QCTL_CONFIG", dir.resolve("qctl.yml").toString(), "QCTL_DASHBOARD_PASSWORD", PASSWORD));
        Qctl.Result migrated = qctl.run("migrate");
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        dashboard = qctl.start("dashboard", "--port", "0", "--queue", "default,imports");
        base = await("the dashboard to listen")
                .atMost(Duration.ofSeconds(30))
                .until(() -> listening(dashboard.stderr()), url -> url != null);
        browser = DashboardBrowser.open(dir.resolve("chromium-profile"));

        browser.get(base);
        await("the login form")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("login-password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        await("the overview after logging in")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text("#user").equals("admin"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (qctl != null) qctl.close();
    }

    private static String listening(String stderr) {
        Matcher m = Pattern.compile("qctl dashboard on (http://\\S+)").matcher(stderr);
        return m.find() ? m.group(1) : null;
    }

    private static String text(String css) {
        // read in one script call: the page re-renders its tables on every poll, so a held element goes stale
        Object text = browser.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : '';", css);
        return String.valueOf(text);
    }

    private static void open(String hash) {
        browser.get(base + "#" + hash);
    }

    private static String queue() {
        return "dash-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void dispatch(String... args) throws Exception {
        Qctl.Result r = qctl.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** A job that fails its one try, run to its end by a worker that then stops. */
    private static void failOne(String queue, String why) throws Exception {
        failOne(queue, why, "{}");
    }

    private static void failOne(String queue, String why, String data) throws Exception {
        dispatch(
                "dispatch",
                "--queue",
                queue,
                "--tries=1",
                "--data",
                data,
                "--",
                "sh",
                "-c",
                "echo '" + why + "' >&2; exit 3");
        Qctl.Result w = qctl.run("work", "--queue", queue, "--stop-when-empty", "--sleep", "0.05");
        assertThat(w.exit()).as(w.err()).isZero();
    }

    private static JsonNode failedJson() throws Exception {
        return Json.parse(qctl.run("failed", "--json").out(), "failed");
    }

    @Test
    void aQueuesCountsChangeOnTheOverviewWhileAWorkerRuns() throws Exception {
        String queue = queue();
        Path jobs = dir.resolve(queue + ".jsonl");
        Files.write(jobs, Collections.nCopies(40, "[\"sleep\", \"0.05\"]"));
        dispatch("dispatch", "--queue", queue, "--from", jobs.toString());
        // paused, the queue is on the overview (as every paused queue is) with all 40 pending
        dispatch("pause", queue);
        open("overview");
        String row = "tr[data-queue='" + queue + "']";
        String pending = row + " td.pending";
        await("the paused queue on the overview with 40 pending")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text(pending).equals("40") && text(row).contains("paused"));
        Qctl.Running worker = qctl.start("work", "--queue", queue, "--sleep", "0.05", "--name", "dash-worker");
        await("the worker's heartbeat")
                .atMost(Duration.ofSeconds(20))
                .until(() -> qctl.run("workers", "--json").out().contains("dash-worker"));
        dispatch("resume", queue);
        await("the pending count to drop to 0 as the worker runs")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> text(pending).equals("0"));
        assertThat(text(row)).contains("running");
        // the last hour's lines: inline SVG, and the page says where their history starts
        await("the jobs done drawn on the queue's throughput line")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Boolean.TRUE.equals(browser.executeScript(
                        "const p = document.querySelector(arguments[0]);"
                                + " return !!p && p.getAttribute('points').trim().length > 0;",
                        row + " td.throughput svg polyline")));
        assertThat(browser.findElements(By.cssSelector(row + " td.wait svg"))).hasSize(1);
        assertThat(text("#history-since")).contains("history starts when it started");
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();
    }

    @Test
    void retryingAFailedJobTakesItOffTheListAndBackOntoItsQueue() throws Exception {
        String queue = queue();
        failOne(queue, "mailbox unreachable");
        long id = failedJson().findValues("id").stream()
                .mapToLong(JsonNode::asLong)
                .max()
                .orElseThrow();
        open("failed");
        browser.navigate().refresh();
        String row = "tr[data-id='" + id + "']";
        await("the failed job listed")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text(row).contains("mailbox unreachable"));

        browser.findElement(By.cssSelector(row + " button.retry")).click();

        await("the job to leave the list")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElements(By.cssSelector(row)).isEmpty());
        for (JsonNode f : failedJson()) assertThat(f.get("id").asLong()).isNotEqualTo(id);
        Qctl.Result monitor = qctl.run("monitor", "--queue", queue, "--json");
        assertThat(monitor.out()).contains("\"pending\":1");
    }

    @Test
    void retryAllMatchingShowsTheCountBeforeItRetries() throws Exception {
        String queue = queue();
        Path jobs = dir.resolve(queue + ".jsonl");
        Files.write(jobs, Collections.nCopies(2, "[\"sh\", \"-c\", \"echo quota exceeded >&2; exit 3\"]"));
        dispatch("dispatch", "--queue", queue, "--tries=1", "--from", jobs.toString());
        Qctl.Result w = qctl.run("work", "--queue", queue, "--stop-when-empty", "--sleep", "0.05");
        assertThat(w.exit()).as(w.err()).isZero();
        open("failed");
        browser.navigate().refresh();
        WebElement filter = browser.findElement(By.cssSelector("#failed-filter input[name=queue]"));
        filter.sendKeys(queue);
        browser.findElement(By.cssSelector("#failed-filter button[type=submit]"))
                .click();
        await("the queue's two failed jobs listed")
                .atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElements(By.cssSelector("#failed tbody tr[data-id]"))
                                .size()
                        == 2);

        browser.findElement(By.id("retry-matching")).click();
        await("the confirm step with the count")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text("#retry-matching").equals("Retry 2 jobs?"));
        browser.findElement(By.id("retry-matching")).click();

        await("the list empty")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text("#failed tbody").contains("No failed jobs."));
        assertThat(qctl.run("monitor", "--queue", queue, "--json").out()).contains("\"pending\":2");
    }

    @Test
    void cancellingABatchMarksItCancelled() throws Exception {
        String queue = queue();
        Path jobs = dir.resolve(queue + ".jsonl");
        Files.write(jobs, Collections.nCopies(5, "[\"true\"]"));
        Qctl.Result r = qctl.run("dispatch", "--queue", queue, "--from", jobs.toString(), "--batch", "nightly import");
        assertThat(r.exit()).as(r.err()).isZero();
        String id = r.errLines().stream()
                .filter(l -> l.startsWith("batch "))
                .map(l -> l.substring(6).trim())
                .findFirst()
                .orElseThrow();
        open("batches");
        browser.navigate().refresh();
        String row = "tr[data-batch='" + id + "']";
        await("the batch listed")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text(row + " td.state").equals("running"));

        WebElement cancel = browser.findElement(By.cssSelector(row + " button.cancel"));
        cancel.click();
        assertThat(cancel.getText()).isEqualTo("Sure?");
        cancel.click();

        await("the batch shown cancelled")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text(row + " td.state").equals("cancelled"));
        JsonNode shown = Json.parse(qctl.run("batches", "show", id, "--json").out(), "batch");
        assertThat(shown.path("cancelledAt").isNull()).as(shown.toString()).isFalse();
    }

    @Test
    void anActionWithoutTheCsrfTokenIsRefused() throws Exception {
        String queue = queue();
        failOne(queue, "keep me");
        long id = failedJson().findValues("id").stream()
                .mapToLong(JsonNode::asLong)
                .max()
                .orElseThrow();
        open("overview");
        // the page's own origin and session cookie, but no token: what a forged request would have
        Object noToken = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('api/failed/" + id + "/forget', {method: 'POST'}).then(r => done(r.status));");
        Object wrongToken = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('api/failed/" + id + "/forget', {method: 'POST', headers: {'X-CSRF-Token': 'guess'}})"
                + ".then(r => done(r.status));");
        assertThat(noToken).isEqualTo(403L);
        assertThat(wrongToken).isEqualTo(403L);
        assertThat(failedJson().findValues("id").stream().map(JsonNode::asLong)).contains(id);
        assertThat(dashboard.stderr()).contains("refused without a valid CSRF token");
    }

    /** Done when 3: every page, on a laptop and the overview on a phone, into docs/ when regenerating. */
    @Test
    void screenshotsOfEveryPage() throws Exception {
        Path out = Path.of(System.getProperty("qctl.screenshots", "target/dashboard-screenshots"));
        Files.createDirectories(out);
        String queue = "mail";
        failOne(
                queue,
                "SMTP 421: try again later (smtp://mailer:hunter2@mx.example.com)",
                "{\"to\": \"ops@example.com\", \"api_token\": \"secret-value\"}");
        dispatch("dispatch", "--queue", queue, "--delay", "600", "--", "true");
        Path jobs = dir.resolve("shots.jsonl");
        Files.write(jobs, Collections.nCopies(20, "[\"true\"]"));
        dispatch("dispatch", "--queue", "imports", "--from", jobs.toString(), "--batch", "customer import");
        Qctl.Running worker = qctl.start("work", "--queue", "reports,default", "--name", "reports-1");
        await("the worker's heartbeat")
                .atMost(Duration.ofSeconds(20))
                .until(() -> qctl.run("workers", "--json").out().contains("reports-1"));
        for (String page : List.of("overview", "failed", "workers", "batches", "schedule", "lookup")) {
            open(page);
            browser.navigate().refresh();
            Thread.sleep(
                    page.equals("overview") ? 4500 : 700); // a render; on the overview, a few polls for the sparklines
            shot(out, page);
        }
        long id = failedJson().get(0).get("id").asLong();
        open("failed/" + id);
        browser.navigate().refresh();
        await("the failed job's detail")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text("#detail-exception").contains("SMTP 421"));
        assertThat(text("#detail-exception")).doesNotContain("hunter2").contains("mailer:***@");
        assertThat(text("#detail-payload")).doesNotContain("secret-value").contains("ops@example.com");
        assertThat(browser.getPageSource()).doesNotContain("hunter2").doesNotContain("secret-value");
        shot(out, "failed-detail");
        browser.manage().window().setSize(new Dimension(390, 844));
        open("overview");
        browser.navigate().refresh();
        Thread.sleep(700);
        shot(out, "overview-phone");
        browser.manage().window().setSize(new Dimension(1280, 900));
        worker.signal("TERM");
        worker.waitFor(Duration.ofSeconds(20));
    }

    private static void shot(Path out, String name) throws Exception {
        Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, out.resolve("dashboard-" + name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
