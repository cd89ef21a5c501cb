package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.bench.BenchSettings;
import dev.qctl.bench.Benchmark;
import dev.qctl.config.Stores;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the queue with no-op jobs and real worker processes.",
            "  drain:  qctl bench URL --jobs 50000 --concurrency 50 [--workers 1] [--json]",
            "  steady: qctl bench URL --rate 500 --duration 10 --concurrency 10 [--json]"
        })
final class BenchCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CONNECTION",
            description = "Connection URL (overrides --connection).")
    String positionalConnection;

    @Option(names = "--jobs", description = "Drain mode: jobs to enqueue, then work off (default 10000 unless --rate).")
    Integer jobs;

    @Option(names = "--rate", description = "Steady mode: jobs per second to dispatch while workers run.")
    Integer rate;

    @Option(
            names = "--duration",
            defaultValue = "10",
            description = "Steady mode: how long to dispatch (default: ${DEFAULT-VALUE}s).")
    String duration;

    @Option(names = "--workers", defaultValue = "1", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--concurrency",
            defaultValue = "10",
            description = "Jobs at once per worker (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--payload-bytes", defaultValue = "0", description = "Padding added to each job's data.")
    int payloadBytes;

    @Option(names = "--job-ms", defaultValue = "0", description = "How long each job takes.")
    int jobMs;

    @Option(
            names = "--backlog",
            defaultValue = "0",
            description = "Drain mode: extra jobs left waiting behind the measured ones (a deep queue).")
    int backlog;

    @Option(
            names = "--warmup",
            defaultValue = "3",
            description =
                    "Steady mode: dispatch this long before measuring, to warm the workers up (default: ${DEFAULT-VALUE}s).")
    String warmup;

    @Option(
            names = "--queue",
            defaultValue = "qctl-bench",
            description = "The benchmark's own queue; must be empty (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Workers serve /metrics on PORT, PORT+1, … (to measure what the endpoint costs).")
    Integer metricsPort;

    @Option(names = "--json", description = "Print one JSON object with the results and settings.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (jobs != null && rate != null) throw new UsageException("give --jobs (drain) or --rate (steady), not both");
        int drainJobs = rate == null ? (jobs == null ? 10_000 : jobs) : 0;
        if ((rate != null && rate < 1)
                || drainJobs < 0
                || workers < 1
                || concurrency < 1
                || payloadBytes < 0
                || jobMs < 0
                || backlog < 0
                || (metricsPort != null && (metricsPort < 1 || metricsPort + workers > 65536))) {
            throw new UsageException("--jobs, --rate, --workers and --concurrency must be positive; "
                    + "--backlog, --payload-bytes and --job-ms cannot be negative; --metrics-port is 1-65535");
        }
        if (backlog > 0 && rate != null)
            throw new UsageException("--backlog goes with drain mode (--jobs), not --rate");
        QueueNames.check(queue, "--queue");
        var url = connection.url(positionalConnection);
        BenchSettings settings = new BenchSettings(
                connection.arguments(positionalConnection),
                queue,
                drainJobs,
                rate == null ? 0 : rate,
                Durations.parse(duration, "--duration"),
                workers,
                concurrency,
                payloadBytes,
                jobMs,
                backlog,
                Durations.parse(warmup, "--warmup"),
                metricsPort == null ? 0 : metricsPort);
        ObjectNode result;
        try (QueueBackend backend = Stores.open(url, 4)) {
            result = new Benchmark(backend, settings).run();
        }
        out().println(json ? Json.write(result) : human(result));
        return ExitCodes.OK;
    }

    private static String human(ObjectNode r) {
        String setup = r.get("connection").asText() + ", " + r.get("workers").asInt() + " worker(s) x concurrency "
                + r.get("concurrency").asInt();
        if (r.get("mode").asText().equals("drain")) {
            String behind =
                    r.get("backlog").asInt() > 0 ? " (" + r.get("backlog").asInt() + " more waiting behind them)" : "";
            return "drain " + r.get("jobs").asInt() + " no-op jobs" + behind + " on " + setup + "\n"
                    + "  enqueue: " + r.get("enqueue_jobs_per_s").asDouble() + " jobs/s\n"
                    + "  work:    " + r.get("jobs_per_s").asDouble() + " jobs/s ("
                    + r.get("seconds").asDouble() + " s)";
        }
        return "steady " + r.get("rate").asInt() + " jobs/s for "
                + r.get("duration_s").asDouble() + " s on " + setup + "\n"
                + "  throughput: " + r.get("jobs_per_s").asDouble() + " jobs/s\n"
                + "  dispatch->start: p50 " + r.get("p50_ms").asDouble() + " ms, p95 "
                + r.get("p95_ms").asDouble()
                + " ms, p99 " + r.get("p99_ms").asDouble() + " ms, max "
                + r.get("max_ms").asDouble() + " ms";
    }
}
