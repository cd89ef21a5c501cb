package dev.qctl.cli;

import dev.qctl.handler.HandlerRegistry;
import dev.qctl.queue.ConnectionFactory;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.UsageException;
import dev.qctl.worker.Backoff;
import dev.qctl.worker.StopReason;
import dev.qctl.worker.Worker;
import dev.qctl.worker.WorkerOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "work", aliases = "queue:work", mixinStandardHelpOptions = true,
        description = {"Process jobs from the queues, in priority order, until stopped.",
            "SIGTERM/SIGINT: take no new job, finish running ones, exit 0. SIGUSR2 pauses, SIGCONT resumes."})
final class WorkCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONNECTION", description = "Connection URL (overrides --connection).")
    String positionalConnection;

    @Option(names = "--queue", defaultValue = "default", description = "Queues to work, highest priority first: a,b,c (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--once", description = "Process one job, then stop.")
    boolean once;

    @Option(names = "--stop-when-empty", description = "Stop when no job is available and none is running.")
    boolean stopWhenEmpty;

    @Option(names = "--tries", defaultValue = "1", description = "Attempts for jobs that set none; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    int tries;

    @Option(names = "--backoff", defaultValue = "0", description = "Seconds before retrying, per attempt: 10 or 10,60,300 (default: ${DEFAULT-VALUE}).")
    String backoff;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds an attempt may run; 0 = no limit (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--sleep", defaultValue = "3", description = "Wait when no job is available, e.g. 3, 0.5 or 200ms (default: ${DEFAULT-VALUE}s).")
    String sleep;

    @Option(names = "--rest", defaultValue = "0", description = "Pause after each job (default: ${DEFAULT-VALUE}).")
    String rest;

    @Option(names = "--max-jobs", defaultValue = "0", description = "Stop after this many jobs; 0 = no limit.")
    int maxJobs;

    @Option(names = "--max-time", defaultValue = "0", description = "Stop after this long, e.g. 3600 or 1h; 0 = no limit.")
    String maxTime;

    @Option(names = "--memory", defaultValue = "128", description = "Stop with exit code 12 when live heap exceeds this many MiB (default: ${DEFAULT-VALUE}).")
    int memory;

    @Option(names = "--name", defaultValue = "default", description = "Name of this worker (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--force", description = "Accepted for artisan compatibility (qctl has no maintenance mode).")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object per job state change.")
    boolean json;

    @Option(names = "--concurrency", defaultValue = "1", description = "Jobs to run at once in this process (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = {"-v", "--verbose"}, description = "Show job ids, connection and attempt in each line.")
    boolean verbose;

    @Override
    public Integer call() {
        WorkerOptions options = options();
        try (QueueBackend backend = ConnectionFactory.open(connection.url(positionalConnection), concurrency + 2)) {
            Worker worker = new Worker(backend, HandlerRegistry.builtIn(), options, System.out, System.err);
            StopReason reason = worker.run();
            System.out.flush();
            return reason.exitCode;
        }
    }

    private WorkerOptions options() {
        List<String> queues = QueueList.parse(queue);
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        if (tries < 0 || timeout < 0 || maxJobs < 0 || memory < 0) {
            throw new UsageException("--tries, --timeout, --max-jobs and --memory cannot be negative");
        }
        return new WorkerOptions(queues, once, stopWhenEmpty, tries, Backoff.validate(backoff), timeout,
                Durations.parse(sleep, "--sleep"), Durations.parse(rest, "--rest"), maxJobs,
                Durations.parse(maxTime, "--max-time"), memory, name, json, concurrency, verbose);
    }
}
