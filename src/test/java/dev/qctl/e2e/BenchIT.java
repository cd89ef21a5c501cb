package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** `qctl bench` runs both modes on every backend and reports sane numbers (not a speed target). */
class BenchIT {
    @TempDir
    static Path dir;

    static Stream<String> backends() {
        String redis = System.getenv().getOrDefault("QCTL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15");
        return Stream.of(
                "sqlite:" + dir.resolve("bench.sqlite"),
                TestStores.postgresUrl(),
                TestStores.mysqlUrl(),
                redis + (redis.contains("?") ? "&" : "?") + "prefix=bench-it:");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void drainReportsThroughputAndCleansUp(String url) throws Exception {
        Qctl qctl = new Qctl(dir);
        String queue = "bench-" + UUID.randomUUID();
        qctl.run("migrate", "-c", url);

        Qctl.Result result = qctl.run(
                "bench", url, "--queue", queue, "--jobs", "2000", "--concurrency", "10", "--workers", "2", "--json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode r = Json.parse(result.out(), "bench output");
        assertThat(r.get("mode").asText()).isEqualTo("drain");
        assertThat(r.get("jobs").asInt()).isEqualTo(2000);
        assertThat(r.get("workers").asInt()).isEqualTo(2);
        assertThat(r.get("enqueue_jobs_per_s").asDouble()).isPositive();
        assertThat(r.get("jobs_per_s").asDouble()).isPositive();
        assertThat(qctl.run("monitor", "-c", url, "--queue", queue, "--json").out())
                .contains("\"size\":0");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void drainBehindABacklogWorksOnlyTheMeasuredJobsAndCleansUp(String url) throws Exception {
        Qctl qctl = new Qctl(dir);
        String queue = "bench-" + UUID.randomUUID();
        qctl.run("migrate", "-c", url);

        Qctl.Result result = qctl.run(
                "bench",
                url,
                "--queue",
                queue,
                "--jobs",
                "1000",
                "--backlog",
                "3000",
                "--concurrency",
                "10",
                "--workers",
                "2",
                "--json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode r = Json.parse(result.out(), "bench output");
        assertThat(r.get("jobs").asInt()).isEqualTo(1000);
        assertThat(r.get("backlog").asInt()).isEqualTo(3000);
        assertThat(r.get("jobs_per_s").asDouble()).isPositive();
        assertThat(qctl.run("monitor", "-c", url, "--queue", queue, "--json").out())
                .contains("\"size\":0");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void steadyReportsLatencyPercentiles(String url) throws Exception {
        Qctl qctl = new Qctl(dir);
        String queue = "bench-" + UUID.randomUUID();
        qctl.run("migrate", "-c", url);

        Qctl.Result result = qctl.run(
                "bench",
                url,
                "--queue",
                queue,
                "--rate",
                "50",
                "--duration",
                "2",
                "--warmup",
                "1",
                "--concurrency",
                "4",
                "--json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode r = Json.parse(result.out(), "bench output");
        assertThat(r.get("mode").asText()).isEqualTo("steady");
        assertThat(r.get("jobs").asInt()).isBetween(95, 101);
        assertThat(r.get("started").asInt()).isEqualTo(r.get("jobs").asInt());
        assertThat(r.get("warmup_s").asDouble()).isEqualTo(1.0);
        assertThat(r.get("jobs_per_s").asDouble()).isBetween(40.0, 55.0);
        double p50 = r.get("p50_ms").asDouble();
        assertThat(p50).isPositive().isLessThanOrEqualTo(r.get("p95_ms").asDouble());
        assertThat(r.get("p95_ms").asDouble())
                .isLessThanOrEqualTo(r.get("p99_ms").asDouble());
        assertThat(r.get("p99_ms").asDouble())
                .isLessThanOrEqualTo(r.get("max_ms").asDouble());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void benchRefusesAQueueThatHasJobs(String url) throws Exception {
        Qctl qctl = new Qctl(dir);
        String queue = "busy-" + UUID.randomUUID();
        qctl.run("migrate", "-c", url);
        qctl.run("dispatch", "-c", url, "--queue", queue, "--", "true");

        Qctl.Result result = qctl.run("bench", url, "--queue", queue, "--jobs", "10");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("has jobs");
        assertThat(qctl.run("monitor", "-c", url, "--queue", queue, "--json").out())
                .contains("\"size\":1");
        qctl.run("clear", "-c", url, "--queue", queue, "--force");
    }
}
