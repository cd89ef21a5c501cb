package dev.qctl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes for a benchmark: real `qctl work` processes (the same JVM and classpath
 * as this one) writing their JSON lines to files, read back afterwards for timings.
 */
final class WorkerFleet implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> outputs = new ArrayList<>();
    private final Path dir;

    /**
     * Starts the workers. {@code maxJobsEach}: 0 = stop when the queue is empty, n &gt; 0 = stop
     * after n jobs, negative = run until {@link #stop}.
     */
    WorkerFleet(BenchSettings settings, int maxJobsEach) throws IOException {
        this.dir = Files.createTempDirectory("qctl-bench-");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 0; i < settings.workers(); i++) {
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-XX:+UseSerialGC",
                    "-Xmx128m", // as bin/qctl starts `work`
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.qctl.cli.Main",
                    "work"));
            command.addAll(settings.connection());
            command.addAll(List.of(
                    "--queue",
                    settings.queue(),
                    "--concurrency",
                    Integer.toString(settings.concurrency()),
                    "--json",
                    "--sleep",
                    "0.05",
                    "--timeout",
                    "60",
                    "--name",
                    "bench-" + i));
            if (settings.metricsPort() > 0)
                command.addAll(List.of("--metrics-port", Integer.toString(settings.metricsPort() + i)));
            if (maxJobsEach == 0) command.add("--stop-when-empty");
            if (maxJobsEach > 0) command.addAll(List.of("--max-jobs", Integer.toString(maxJobsEach)));
            Path out = dir.resolve("worker-" + i + ".jsonl");
            outputs.add(out);
            processes.add(new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(dir.resolve("worker-" + i + ".err").toFile())
                    .start());
        }
    }

    /** Waits for every worker to exit by itself (drain mode uses --stop-when-empty). */
    void awaitExit(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Process p : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("bench workers did not finish within " + within);
            }
        }
    }

    /** SIGTERM to every worker, then waits for them to drain and exit. */
    void stop(Duration within) throws InterruptedException {
        processes.forEach(Process::destroy);
        awaitExit(within);
    }

    /** The first "starting" and the last "success" time across all workers, and job start times by uuid. */
    Timings timings() throws IOException {
        Instant first = null;
        Instant last = null;
        Map<String, Instant> startedByUuid = new HashMap<>();
        Set<String> succeededUuids = new HashSet<>();
        int succeeded = 0;
        for (Path out : outputs) {
            try (BufferedReader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.startsWith("{")) continue;
                    JsonNode n = Json.parse(line, "worker output");
                    Instant at =
                            OffsetDateTime.parse(n.path("timestamp").asText()).toInstant();
                    switch (n.path("status").asText()) {
                        case "starting" -> {
                            if (first == null || at.isBefore(first)) first = at;
                            startedByUuid.putIfAbsent(n.path("uuid").asText(), at);
                        }
                        case "success" -> {
                            succeeded++;
                            succeededUuids.add(n.path("uuid").asText());
                            if (last == null || at.isAfter(last)) last = at;
                        }
                        default -> {}
                    }
                }
            }
        }
        return new Timings(first, last, succeeded, startedByUuid, succeededUuids);
    }

    record Timings(
            Instant firstStart,
            Instant lastSuccess,
            int succeeded,
            Map<String, Instant> startedByUuid,
            Set<String> succeededUuids) {}

    @Override
    public void close() throws IOException {
        processes.forEach(Process::destroyForcibly);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }
}
