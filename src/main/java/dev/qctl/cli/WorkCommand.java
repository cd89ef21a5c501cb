package dev.qctl.cli;

import dev.qctl.config.Connections;
import dev.qctl.config.JobDefaults;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.SigningKey;
import dev.qctl.handler.HandlerRegistry;
import dev.qctl.handler.WorkerHandlers;
import dev.qctl.log.Logging;
import dev.qctl.config.Stores;
import dev.qctl.queue.QueueBackend;
import dev.qctl.base.UsageException;
import dev.qctl.worker.Backoff;
import dev.qctl.worker.StopReason;
import dev.qctl.worker.Worker;
import dev.qctl.worker.WorkerOptions;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONNECTION", description = "Connection URL or qctl.yml name (overrides --connection).")
    String positionalConnection;

    @Option(names = "--queue", description = "Queues to work, highest priority first: a,b,c (default: $QCTL_QUEUE, qctl.yml's defaults.queue, else default).")
    String queue;

    @Option(names = "--once", description = "Process one job, then stop.")
    boolean once;

    @Option(names = "--stop-when-empty", description = "Stop when no job is available and none is running.")
    boolean stopWhenEmpty;

    @Option(names = "--tries", description = "Attempts for jobs that set none; 0 = unlimited (default: qctl.yml's defaults.tries, else 1).")
    Integer tries;

    @Option(names = "--backoff", description = "Seconds before retrying, per attempt: 10 or 10,60,300 (default: qctl.yml's defaults.backoff, else 0).")
    String backoff;

    @Option(names = "--timeout", description = "Seconds an attempt may run; 0 = no limit (default: qctl.yml's defaults.timeout, else 60).")
    Integer timeout;

    @Option(names = "--sleep", description = "Wait when no job is available, e.g. 3, 0.5 or 200ms (default: qctl.yml's defaults.sleep, else 3s).")
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

    @Option(names = "--classpath", paramLabel = "PATH[:PATH]",
            description = "Jars and folders to load Java job classes from (added to qctl.yml's classpath:); dir/* means every jar in dir.")
    String classpath;

    @Option(names = "--allow-raw", description = "Run raw exec/http jobs even when unsigned (as allow_raw: true in qctl.yml). Anyone who can write to the store can then run commands here.")
    boolean allowRaw;

    @Override
    public Integer call() {
        Logging.worker(json);
        QctlConfig config = connection.config();
        WorkerOptions options = options(config.defaults());
        HandlerRegistry handlers = new WorkerHandlers(allowRaw || config.allowRaw(), SigningKey.lookup(config, System::getenv),
                JobClassPath.loader(classpathEntries(config)), Duration.ofSeconds(options.timeoutSeconds()))
                .registry(config, System.err);
        Connections.Resolved resolved = connection.resolved(positionalConnection);
        try (QueueBackend backend = Stores.open(resolved, concurrency + 2)) {
            Worker worker = new Worker(backend, handlers, options, System.out, System.err);
            StopReason reason = worker.run();
            System.out.flush();
            return reason.exitCode;
        }
    }

    private List<String> classpathEntries(QctlConfig config) {
        List<String> entries = new ArrayList<>();
        if (classpath != null) Arrays.stream(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank()).forEach(entries::add);
        config.classpath().forEach(p -> entries.add(p.toString()));
        return entries;
    }

    /** Flags, then the environment ($QCTL_QUEUE), then qctl.yml's defaults:, then artisan's defaults. */
    private WorkerOptions options(JobDefaults defaults) {
        String envQueue = System.getenv("QCTL_QUEUE");
        String queue = this.queue != null ? this.queue
                : envQueue != null && !envQueue.isBlank() ? envQueue
                : defaults.queue() != null ? defaults.queue() : "default";
        int tries = this.tries != null ? this.tries : defaults.tries() != null ? defaults.tries() : 1;
        int timeout = this.timeout != null ? this.timeout : defaults.timeout() != null ? defaults.timeout() : 60;
        String backoff = this.backoff != null ? this.backoff : defaults.backoff() != null ? defaults.backoff() : "0";
        Duration sleep = this.sleep != null ? Durations.parse(this.sleep, "--sleep")
                : defaults.sleep() != null ? defaults.sleep() : Duration.ofSeconds(3);
        List<String> queues = QueueList.parse(queue);
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        if (tries < 0 || timeout < 0 || maxJobs < 0 || memory < 0) {
            throw new UsageException("--tries, --timeout, --max-jobs and --memory cannot be negative");
        }
        return new WorkerOptions(queues, once, stopWhenEmpty, tries, Backoff.validate(backoff), timeout,
                sleep, Durations.parse(rest, "--rest"), maxJobs,
                Durations.parse(maxTime, "--max-time"), memory, name, json, concurrency, verbose);
    }
}
