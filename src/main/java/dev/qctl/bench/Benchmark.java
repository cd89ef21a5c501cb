package dev.qctl.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.QctlException;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * `qctl bench`, after river bench and redis-benchmark. Drain: enqueue N jobs in bulk, then
 * time real worker processes working them off. Steady: dispatch at a fixed rate while the
 * workers run and measure how long each job waited between dispatch and start.
 */
public final class Benchmark {
    private static final int ENQUEUE_CHUNK = 5_000;

    private final QueueBackend backend;
    private final BenchSettings settings;

    public Benchmark(QueueBackend backend, BenchSettings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    /** Runs the benchmark and returns its results as one JSON object. */
    public ObjectNode run() throws IOException, InterruptedException {
        if (backend.sizes(settings.queue()).total() > 0) {
            throw new QctlException(
                    ExitCodes.FAILURE,
                    "queue '" + settings.queue() + "' has jobs: bench needs an empty queue of its own (use --queue)");
        }
        try { // the queue was empty, so whatever is left on it is the benchmark's
            return settings.steady() ? steady() : drain();
        } finally {
            backend.clear(settings.queue());
            backend.tidy(); // the benchmark's churn should not slow the real queues sharing the table
        }
    }

    private ObjectNode drain() throws IOException, InterruptedException {
        int total = settings.jobs() + settings.backlog();
        long enqueueStart = System.nanoTime();
        for (int from = 0; from < total; from += ENQUEUE_CHUNK) {
            List<PushRequest> chunk = new ArrayList<>(ENQUEUE_CHUNK);
            for (int i = from; i < Math.min(total, from + ENQUEUE_CHUNK); i++) {
                chunk.add(PushRequest.now(settings.queue(), BenchJobs.payload(settings, i)));
            }
            backend.pushBulk(chunk);
        }
        double enqueueSeconds = (System.nanoTime() - enqueueStart) / 1e9;
        backend.tidy(); // start every run from the same clean table, whatever runs came before

        WorkerFleet.Timings t;
        // with a backlog the workers stop after their share of the measured jobs; without, when the queue is empty
        int perWorker = settings.backlog() > 0 ? Math.ceilDiv(settings.jobs(), settings.workers()) : 0;
        try (WorkerFleet fleet = new WorkerFleet(settings, perWorker)) {
            fleet.awaitExit(Duration.ofMinutes(30));
            t = fleet.timings();
        }
        if (t.firstStart() == null || t.succeeded() < settings.jobs()) {
            throw new QctlException(
                    ExitCodes.FAILURE,
                    "bench workers finished only " + t.succeeded() + " of " + settings.jobs() + " jobs");
        }
        double workSeconds =
                Math.max(1e-6, Duration.between(t.firstStart(), t.lastSuccess()).toNanos() / 1e9);
        return result("drain")
                .put("jobs", settings.jobs())
                .put("backlog", settings.backlog())
                .put("enqueue_jobs_per_s", round(total / enqueueSeconds))
                .put("jobs_per_s", round(t.succeeded() / workSeconds))
                .put("seconds", round(workSeconds));
    }

    private ObjectNode steady() throws IOException, InterruptedException {
        backend.tidy();
        Map<String, Instant> sentByUuid = new HashMap<>();
        WorkerFleet.Timings t;
        int sent = 0;
        try (WorkerFleet fleet = new WorkerFleet(settings, -1)) {
            Thread.sleep(2000); // let the workers start their JVMs and begin polling or listening
            long intervalNs = 1_000_000_000L / settings.rate();
            long start = System.nanoTime();
            long measureFrom = start + settings.warmup().toNanos();
            long end = measureFrom + settings.duration().toNanos();
            int warmupJobs = 0;
            for (long next = start; next < end; next += intervalNs) {
                LockSupport.parkNanos(next - System.nanoTime());
                boolean measured = next >= measureFrom;
                Payload payload = BenchJobs.payload(settings, sent + warmupJobs);
                Instant at = Instant.now();
                backend.push(PushRequest.now(settings.queue(), payload));
                if (measured) {
                    sentByUuid.put(payload.uuid(), at);
                    sent++;
                } else {
                    warmupJobs++;
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (backend.sizes(settings.queue()).total() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            fleet.stop(Duration.ofSeconds(60));
            t = fleet.timings();
        }
        List<Double> latencies = new ArrayList<>();
        sentByUuid.forEach((uuid, at) -> {
            Instant started = t.startedByUuid().get(uuid);
            if (started != null) latencies.add(Duration.between(at, started).toNanos() / 1e6);
        });
        latencies.sort(Double::compare);
        double seconds = settings.duration().toNanos() / 1e9;
        long measuredDone = sentByUuid.keySet().stream()
                .filter(t.succeededUuids()::contains)
                .count();
        return result("steady")
                .put("rate", settings.rate())
                .put("duration_s", round(seconds))
                .put("warmup_s", round(settings.warmup().toNanos() / 1e9))
                .put("jobs", sent)
                .put("started", latencies.size())
                .put("jobs_per_s", round(measuredDone / seconds))
                .put("p50_ms", percentile(latencies, 0.50))
                .put("p95_ms", percentile(latencies, 0.95))
                .put("p99_ms", percentile(latencies, 0.99))
                .put("max_ms", latencies.isEmpty() ? 0 : round(latencies.getLast()));
    }

    private ObjectNode result(String mode) {
        return Json.MAPPER
                .createObjectNode()
                .put("mode", mode)
                .put("connection", backend.connectionName())
                .put("queue", settings.queue())
                .put("workers", settings.workers())
                .put("concurrency", settings.concurrency())
                .put("payload_bytes", settings.payloadBytes())
                .put("job_ms", settings.jobMs())
                .put("metrics_port", settings.metricsPort() > 0);
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) return 0;
        return round(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
