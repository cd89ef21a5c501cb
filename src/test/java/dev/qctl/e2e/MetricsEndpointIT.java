package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.PrivateRedis;
import dev.qctl.testing.PrometheusText;
import dev.qctl.testing.Qctl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, done-when 1 and 2: /metrics during a real run, and /health as the store goes and comes back. */
class MetricsEndpointIT {
    @TempDir
    Path dir;

    @Test
    void countersAndHistogramMatchTheJobsRunFailedAndReleased() throws Exception {
        Files.writeString(dir.resolve("qctl.yml"), """
                handlers:
                  ok: {exec: ["true"]}
                  flaky: {exec: ["false"], tries: 2}
                """);
        try (Qctl qctl = new Qctl(dir)) {
            String store = "sqlite:" + dir.resolve("q.sqlite");
            for (int i = 0; i < 5; i++) dispatch(qctl, store, "ok");
            for (int i = 0; i < 3; i++) dispatch(qctl, store, "flaky");
            int port = PrivateRedis.freePort();
            Qctl.Running worker = qctl.start(
                    "work", store, "--queue", "mq", "--sleep", "0.2", "--metrics-port", Integer.toString(port));
            String url = "http://127.0.0.1:" + port + "/metrics";
            // 5 ok attempts, and 2 attempts of each flaky job (released once, then failed)
            PrometheusText m = await("all 11 attempts counted")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(
                            () -> PrometheusText.scrape(url),
                            t -> t.sum("qctl_jobs_processed_total") == 11 && t.sum("qctl_jobs_failed_total") == 3);
            assertThat(m.sum("qctl_jobs_started_total", "queue", "mq", "job", "ok"))
                    .isEqualTo(5);
            assertThat(m.sum("qctl_jobs_processed_total", "queue", "mq", "job", "ok"))
                    .isEqualTo(5);
            assertThat(m.sum("qctl_jobs_started_total", "queue", "mq", "job", "flaky"))
                    .isEqualTo(6);
            assertThat(m.sum("qctl_jobs_processed_total", "queue", "mq", "job", "flaky"))
                    .isEqualTo(6);
            assertThat(m.sum("qctl_jobs_released_total", "queue", "mq", "job", "flaky"))
                    .isEqualTo(3);
            assertThat(m.sum("qctl_jobs_failed_total", "queue", "mq", "job", "flaky"))
                    .isEqualTo(3);
            assertThat(m.sum("qctl_jobs_failed_total", "job", "ok")).isZero();
            assertThat(m.sum("qctl_job_duration_seconds_count")).isEqualTo(11);
            assertThat(m.sum("qctl_job_duration_seconds_bucket", "le", "+Inf")).isEqualTo(11);
            assertThat(m.sum("qctl_job_wait_seconds_count", "queue", "mq")).isEqualTo(8); // first attempts only
            assertThat(m.sum("qctl_reserve_seconds_count")).isPositive();
            assertThat(m.sum("qctl_worker_up")).isEqualTo(1);
            assertThat(m.sum("qctl_worker_slots")).isEqualTo(1);
            assertThat(m.has("qctl_worker_busy_slots")).isTrue();
            assertThat(m.has("qctl_queue_jobs")).isTrue();
            assertThat(m.has("jvm_memory_used_bytes")).isTrue();
            worker.signal("TERM");
            assertThat(worker.waitFor(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void readyTurns503WithinFiveSecondsOfTheStoreStoppingAndBackAfterwardsWhileLiveStays200() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(Files.createDirectories(dir.resolve("redis")));
                Qctl qctl = new Qctl(dir)) {
            int port = PrivateRedis.freePort();
            Qctl.Running worker =
                    qctl.start("work", redis.url("/0"), "--queue", "hq", "--metrics-port", Integer.toString(port));
            String base = "http://127.0.0.1:" + port;
            await("ready")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> status(base + "/health/ready") == 200);
            assertThat(status(base + "/health/live")).isEqualTo(200);

            redis.kill();
            long stopped = System.nanoTime();
            await("not ready once the store is gone")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> status(base + "/health/ready") == 503);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(5));
            assertThat(status(base + "/health/live")).isEqualTo(200);

            redis.launch();
            await("ready again once the store is back")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> status(base + "/health/ready") == 200);
            assertThat(status(base + "/health/live")).isEqualTo(200);
            assertThat(worker.isAlive()).isTrue();
            worker.signal("TERM");
            assertThat(worker.waitFor(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void metricsCommandPrintsEveryQueuesDepthFailuresAndWorkersOnce() throws Exception {
        Files.writeString(dir.resolve("qctl.yml"), """
                handlers:
                  ok: {exec: ["true"]}
                  boom: {exec: ["false"], tries: 1}
                """);
        try (Qctl qctl = new Qctl(dir)) {
            String store = "sqlite:" + dir.resolve("q.sqlite");
            assertThat(qctl.run("dispatch", "-c", store, "--queue", "broken", "boom")
                            .exit())
                    .isZero();
            Qctl.Result drained = qctl.run("work", store, "--queue", "broken", "--stop-when-empty");
            assertThat(drained.exit()).as(drained.err()).isZero();
            for (int i = 0; i < 2; i++)
                assertThat(qctl.run("dispatch", "-c", store, "--queue", "mq", "ok")
                                .exit())
                        .isZero();

            Qctl.Result r = qctl.run("metrics", "-c", store, "--queue", "mq");
            assertThat(r.exit()).as(r.err()).isZero();
            PrometheusText m = PrometheusText.parse(r.out());
            assertThat(m.sum("qctl_queue_jobs", "queue", "mq", "state", "pending"))
                    .isEqualTo(2);
            assertThat(m.sum("qctl_queue_jobs", "queue", "mq", "state", "reserved"))
                    .isZero();
            assertThat(m.has("qctl_queue_oldest_wait_seconds")).isTrue();
            assertThat(m.sum("qctl_failed_jobs", "queue", "broken"))
                    .as("a queue only the failed store knows")
                    .isEqualTo(1);
            assertThat(m.sum("qctl_failed_jobs", "queue", "mq")).isZero();
            assertThat(m.sum("qctl_workers", "queue", "mq")).isZero();
        }
    }

    @Test
    void aBadMetricsPortIsOneLineAndExitTwo() throws Exception {
        try (Qctl qctl = new Qctl(dir);
                java.net.ServerSocket taken =
                        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String store = "sqlite:" + dir.resolve("q.sqlite");
            Qctl.Result range = qctl.run("work", store, "--once", "--metrics-port", "70000");
            assertThat(range.exit()).isEqualTo(2);
            assertThat(range.errLines()).hasSize(1).first().asString().contains("--metrics-port");
            Qctl.Result busy =
                    qctl.run("work", store, "--once", "--metrics-port", Integer.toString(taken.getLocalPort()));
            assertThat(busy.exit()).isEqualTo(2);
            assertThat(busy.errLines()).hasSize(1).first().asString().contains("cannot serve metrics on 127.0.0.1:");
        }
    }

    private static void dispatch(Qctl qctl, String store, String handler) throws Exception {
        Qctl.Result r = qctl.run("dispatch", "-c", store, "--queue", "mq", handler);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private static int status(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
