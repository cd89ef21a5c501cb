package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's last gaps, with a real Laravel 8 app ({@link LaravelApp}) whose queue is Redis and
 * whose failed jobs and batches are in its database (Laravel's arrangement), run by one {@code qctl
 * work} through the shipped {@code qctl:fire}: a {@code Bus::batch}'s row is counted there, a job's
 * own {@code release()} and {@code fail()} mean what they mean in Laravel, and its {@code failed()}
 * is called once through {@code on_failure: [… qctl:fire --failed]}. One app and one worker for the
 * whole class, each case on its own job texts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LaravelJobsUnderQctlIT {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private LaravelApp app;
    private Qctl qctl;
    private Qctl.Running worker;
    private final String queue = "under-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void startAppAndWorker(@TempDir Path dir) throws Exception {
        Path database = dir.resolve("database.sqlite");
        String redisUrl = TestStores.redisUrl();
        app = LaravelApp.onRedis(dir, database, redisUrl);
        String base = redisUrl.contains("?") ? redisUrl.substring(0, redisUrl.indexOf('?')) : redisUrl;
        String artisan = app.artisan().toString();
        String yml = "connections:\n"
                + "  database: \"sqlite:" + database + "\"\n"
                + "  redis:\n"
                + "    url: \"" + base + "?prefix=laravel_database_\"\n"
                + "    failed: database\n"
                + "    laravel: {batches: database}\n"
                + "handlers:\n"
                + "  laravel-app:\n"
                + "    exec: [php, \"" + artisan + "\", \"qctl:fire\"]\n"
                + "    on_failure: [php, \"" + artisan + "\", \"qctl:fire\", \"--failed\"]\n"
                + "    match: [\"App\\\\Jobs\\\\*\"]\n"
                + "  hangs-when-failed:\n"
                + "    exec: [sh, -c, \"exit 3\"]\n"
                + "    on_failure: [sleep, \"60\"]\n"
                + "    timeout: 2\n";
        Path config = dir.resolve("qctl.yml");
        Files.writeString(config, yml);
        Map<String, String> env = new HashMap<>(app.env());
        env.put("QCTL_CONFIG", config.toString());
        qctl = new Qctl(dir, env);
        worker = qctl.start("work", "redis", "--queue", queue, "--sleep", "1", "--tries", "2");
    }

    @AfterAll
    void stop() throws Exception {
        if (qctl != null) qctl.close();
        if (app != null) app.close();
    }

    @Test
    void aBatchOnARedisQueueIsCountedInLaravelsDatabaseRow() throws Exception {
        String ok =
                app.artisanOk("app:dispatch", "batch", "ok", "--queue=" + queue).strip();
        Files.createFile(app.failFlag());
        try {
            String bad = app.artisanOk("app:dispatch", "batchfail", "bad", "--queue=" + queue)
                    .strip();
            app.awaitJobLine("ok-2 attempt=1", WITHIN);
            awaitLineStarting("bad-2 failed(): ");

            JsonNode done = batch(ok);
            assertThat(done.get("pendingJobs").asInt()).isZero();
            assertThat(done.get("failedJobs").asInt()).isZero();
            assertThat(done.get("finished").asBoolean()).isTrue();

            JsonNode failed = batch(bad);
            assertThat(failed.get("totalJobs").asInt()).isEqualTo(2);
            assertThat(failed.get("pendingJobs").asInt()).as(failed.toString()).isEqualTo(1);
            assertThat(failed.get("failedJobs").asInt()).isEqualTo(1);
            assertThat(failed.get("failedJobIds")).hasSize(1);
            // no allowFailures: Laravel cancels (and so finishes) the batch on its first failure
            assertThat(failed.get("cancelled").asBoolean()).isTrue();
            String failedId = failed.get("failedJobIds").get(0).asText();
            assertThat(app.artisanOk("queue:failed")).contains(failedId).contains("App\\Jobs\\FailingJob");
        } finally {
            Files.deleteIfExists(app.failFlag());
        }
    }

    @Test
    void aJobsOwnReleaseComesBackAfterItsDelayAndIsNoFailure() throws Exception {
        long dispatched = Instant.now().getEpochSecond();
        app.artisanOk("app:dispatch", "release", "later", "--delay=2", "--tries=2", "--queue=" + queue);
        String line = awaitLineStarting("later attempt=2 at=");
        long ranAt = Long.parseLong(line.substring(line.indexOf("at=") + 3));
        assertThat(ranAt - dispatched).as("released for 2 s").isGreaterThanOrEqualTo(2);
        assertThat(app.artisanOk("queue:failed")).doesNotContain("ReleaseOnce");
        assertThat(worker.stderr()).doesNotContain("later failed");
    }

    @Test
    void aJobsOwnFailFailsItAtOnceAndItsFailedMethodRunsOnce() throws Exception {
        app.artisanOk("app:dispatch", "failnow", "quits", "--tries=5", "--queue=" + queue);
        String failedLine = awaitLineStarting("quits failed(): ");
        assertThat(failedLine).contains("gave up on quits");
        Thread.sleep(1500); // a second attempt or a second failed() would land within this
        List<String> lines = app.jobLines();
        assertThat(lines).containsOnlyOnce("quits attempt=1").doesNotContain("quits attempt=2");
        assertThat(lines.stream().filter(l -> l.startsWith("quits failed(): "))).hasSize(1);
        String failed = app.artisanOk("queue:failed");
        assertThat(failed).containsOnlyOnce("App\\Jobs\\FailItself");
    }

    @Test
    void aFailedMethodRunsWhenQctlFailsTheJobForGood() throws Exception {
        Files.createFile(app.failFlag());
        try {
            app.artisanOk("app:dispatch", "fail", "broken", "--tries=1", "--queue=" + queue);
            String line = awaitLineStarting("broken failed(): ");
            assertThat(line).contains("cannot broken");
        } finally {
            Files.deleteIfExists(app.failFlag());
        }
    }

    @Test
    void aHangingFailureHookIsEndedAndTheFailedRecordKept() throws Exception {
        Qctl.Result dispatch = qctl.run("dispatch", "hangs-when-failed", "-c", "redis", "--queue", queue);
        assertThat(dispatch.exit()).as(dispatch.err()).isZero();
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!worker.stderr().contains("on_failure hook ran longer than 2s") && System.nanoTime() < deadline)
            Thread.sleep(100);
        assertThat(worker.stderr()).contains("on_failure hook ran longer than 2s");
        Qctl.Result failed = qctl.run("failed", "-c", "redis", "--json");
        assertThat(failed.exit()).as(failed.err()).isZero();
        long records = Json.parse(failed.out(), "failed").findValues("job").stream()
                .filter(n -> n.asText().equals("hangs-when-failed"))
                .count();
        assertThat(records).as(failed.out()).isEqualTo(1);
        assertThat(worker.isAlive()).as(worker.stderr()).isTrue();
        app.artisanOk("app:dispatch", "append", "after-hang", "--queue=" + queue);
        app.awaitJobLine("after-hang attempt=1", WITHIN); // the worker's slot is free again
    }

    /** The batch as Laravel's {@code Bus::findBatch} reads it. */
    private JsonNode batch(String id) throws Exception {
        return Json.parse(app.artisanOk("app:batch", id).strip(), "batch");
    }

    private String awaitLineStarting(String prefix) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : app.jobLines()) if (l.startsWith(prefix)) return l;
            Thread.sleep(50);
        }
        throw new AssertionError("no line starting '" + prefix + "' in " + app.jobLines() + "\n" + worker.stderr());
    }
}
