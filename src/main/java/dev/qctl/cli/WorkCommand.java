package dev.qctl.cli;

import dev.qctl.base.MissingTablesException;
import dev.qctl.base.StoreUnavailableException;
import dev.qctl.base.UsageException;
import dev.qctl.config.Connections;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.SigningKey;
import dev.qctl.handler.HandlerRegistry;
import dev.qctl.handler.WorkerHandlers;
import dev.qctl.log.Logging;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import dev.qctl.worker.StopReason;
import dev.qctl.worker.Worker;
import dev.qctl.worker.WorkerOptions;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "work",
        aliases = {"queue:work", "queue:listen"},
        mixinStandardHelpOptions = true,
        description = {
            "Process jobs from the queues, in priority order, until stopped.",
            "SIGTERM/SIGINT: take no new job, finish running ones (at most --stop-timeout), exit 0. SIGUSR2 pauses,",
            "SIGCONT resumes. `qctl restart` makes it exit 0 after its running jobs; `qctl pause QUEUE` skips a queue.",
            "queue:listen is this same command: each exec job already runs as a fresh process, so there is nothing",
            "to reload; Java job classes are loaded once per worker and not reloaded per job (restart it after a deploy)."
        })
final class WorkCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CONNECTION",
            description = "Connection URL or qctl.yml name (overrides --connection).")
    String positionalConnection;

    @Mixin
    QueueOptions queues;

    @Mixin
    AttemptOptions attempts;

    @Option(names = "--once", description = "Process one job, then stop.")
    boolean once;

    @Option(names = "--stop-when-empty", description = "Stop when no job is available and none is running.")
    boolean stopWhenEmpty;

    @Option(
            names = "--sleep",
            paramLabel = "DURATION",
            description =
                    "Wait when no job is available, e.g. 3, 0.5 or 200ms (default: $QCTL_SLEEP, qctl.yml's defaults.sleep, else 3s).")
    Duration sleep;

    @Option(
            names = "--rest",
            paramLabel = "DURATION",
            defaultValue = "0",
            description = "Pause after each job (default: ${DEFAULT-VALUE}).")
    Duration rest;

    @Option(names = "--max-jobs", defaultValue = "0", description = "Stop after this many jobs; 0 = no limit.")
    int maxJobs;

    @Option(
            names = "--max-time",
            paramLabel = "DURATION",
            defaultValue = "0",
            description = "Stop after this long, e.g. 3600 or 1h; 0 = no limit.")
    Duration maxTime;

    @Option(
            names = "--memory",
            defaultValue = "128",
            description = "Stop with exit code 12 when live heap exceeds this many MiB (default: ${DEFAULT-VALUE}).")
    int memory;

    @Option(
            names = "--name",
            description = "Name of this worker in `qctl workers` and `health --worker` (default: HOST:PID).")
    String name;

    @Option(
            names = "--stop-timeout",
            paramLabel = "DURATION",
            defaultValue = "0",
            description = {
                "After SIGTERM/SIGINT, how long running jobs get to finish, e.g. 30s; then they are stopped and put back",
                "on their queue with the attempt not counted, and the worker exits. 0 = wait for them (default)."
            })
    Duration stopTimeout;

    @Option(names = "--force", description = "Accepted for artisan compatibility (qctl has no maintenance mode).")
    boolean force;

    /** Artisan's old name for --backoff, still on many supervisor lines. */
    @Option(names = "--delay", paramLabel = "SECONDS", hidden = true)
    String delay;

    @Option(
            names = "--daemon",
            description =
                    "Accepted for artisan compatibility; does nothing (workers run as daemons by default, as in artisan).")
    boolean daemon;

    /** Artisan's Laravel environment; qctl reads its settings from qctl.yml and the process environment instead. */
    @Option(names = "--env", paramLabel = "ENV", hidden = true)
    String laravelEnv;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print nothing on stdout (no job lines); warnings and errors still go to stderr.")
    boolean quiet;

    @Option(
            names = "--fail-fast",
            description = "Exit 3 at once when the store cannot be reached at start, instead of waiting for it"
                    + " (for scripts; implied by --once and --stop-when-empty).")
    boolean failFast;

    @Option(names = "--json", description = "Print one JSON object per job state change.")
    boolean json;

    @Option(
            names = "--concurrency",
            defaultValue = "1",
            description = "Jobs to run at once in this process (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show job ids, connection and attempt in each line.")
    boolean verbose;

    @Option(
            names = "--classpath",
            paramLabel = "PATH[:PATH]",
            description =
                    "Jars and folders to load Java job classes from (added to qctl.yml's classpath:); dir/* means every jar in dir.")
    String classpath;

    @Option(
            names = "--allow-raw",
            description =
                    "Run raw exec/http jobs even when unsigned (as allow_raw: true in qctl.yml). Anyone who can write to the store can then run commands here.")
    boolean allowRaw;

    @Mixin
    WorkerObservability observability;

    @Override
    public Integer call() {
        Logging.worker(json);
        QctlConfig config = connection.config();
        WorkerOptions options = options();
        HandlerRegistry handlers = new WorkerHandlers(
                        allowRaw || config.allowRaw(),
                        SigningKey.lookup(config, System::getenv),
                        JobClassPath.loader(classpathEntries(config)),
                        Duration.ofSeconds(options.timeoutSeconds()))
                .registry(config, System.err);
        Connections.Resolved resolved = connection.resolved(positionalConnection);
        try (QueueBackend backend = openWaiting(resolved)) {
            backend.checkLeaseClock();
            try (WorkerObservability.Observed observed = observability.observe(backend, config, options)) {
                Worker worker = new Worker(
                        backend,
                        handlers,
                        options,
                        quiet ? new PrintStream(OutputStream.nullOutputStream()) : System.out,
                        System.err,
                        observed.events());
                observed.serve(worker::state);
                StopReason reason = worker.run();
                System.out.flush();
                return reason.exitCode;
            }
        }
    }

    /**
     * Opens the store; while it cannot be reached, waits and tries again with capped backoff
     * (1 s doubling to {@link #WAIT_CAP}, as for an outage while working), printing one line when the wait starts and one when
     * the store answers, as Sidekiq does for Redis: a worker that supervisor or systemd starts
     * before its database does not restart-loop. A store that answers but lacks its tables is
     * not waited for. {@code --fail-fast} (implied by --once and --stop-when-empty) gives the
     * error at once (exit 3), for scripts.
     */
    private QueueBackend openWaiting(Connections.Resolved resolved) {
        int pool = concurrency + 2;
        // --once and --stop-when-empty are for scripts and cron: waiting there would pile runs up
        if (failFast || once || stopWhenEmpty) return connection.open(positionalConnection, pool, Creation.MAY_CREATE);
        long pauseMs = 1000;
        boolean waiting = false;
        while (true) {
            try {
                QueueBackend backend = connection.open(positionalConnection, pool, Creation.MAY_CREATE);
                if (waiting)
                    err().println("qctl: store reachable: " + resolved.url().redacted());
                return backend;
            } catch (MissingTablesException e) {
                throw e;
            } catch (StoreUnavailableException e) {
                if (!waiting) {
                    err().println("qctl: waiting for store: " + e.getMessage() + " (trying again, at least every "
                            + WAIT_CAP.toSeconds() + "s; --fail-fast exits 3 instead)");
                    waiting = true;
                }
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMs = Math.min(pauseMs * 2, WAIT_CAP.toMillis());
            }
        }
    }

    private static final Duration WAIT_CAP = Duration.ofSeconds(30);

    private List<String> classpathEntries(QctlConfig config) {
        List<String> entries = new ArrayList<>();
        if (classpath != null)
            Arrays.stream(classpath.split(File.pathSeparator))
                    .filter(s -> !s.isBlank())
                    .forEach(entries::add);
        config.classpath().forEach(p -> entries.add(p.toString()));
        return entries;
    }

    /**
     * --backoff, with artisan's rule for its old name --delay: the larger of the two wins (for a
     * list, at each retry). --backoff always has a value (its default is 0), so --delay alone wins.
     */
    private String backoff() {
        String backoff = attempts.backoff();
        if (delay == null) return backoff;
        if (!delay.matches("\\d{1,9}")) {
            throw new UsageException("invalid --delay '" + delay
                    + "': expected whole seconds like 10 (it is artisan's old name for --backoff)");
        }
        long floor = Long.parseLong(delay);
        return Arrays.stream(backoff.split(","))
                .map(seconds -> Long.toString(Math.max(Long.parseLong(seconds), floor)))
                .collect(Collectors.joining(","));
    }

    /** Every default is already resolved: flag, environment, qctl.yml, built-in ({@link OptionDefaults}). */
    private WorkerOptions options() {
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        if (attempts.tries < 0 || attempts.timeout < 0 || maxJobs < 0 || memory < 0) {
            throw new UsageException("--tries, --timeout, --max-jobs and --memory cannot be negative");
        }
        if (sleep.isNegative() || rest.isNegative() || maxTime.isNegative() || stopTimeout.isNegative()) {
            throw new UsageException("--sleep, --rest, --max-time and --stop-timeout cannot be negative");
        }
        return new WorkerOptions(
                queues.queues(),
                once,
                stopWhenEmpty,
                attempts.tries,
                backoff(),
                attempts.timeout,
                sleep,
                rest,
                maxJobs,
                maxTime,
                memory,
                name,
                json,
                concurrency,
                verbose,
                stopTimeout,
                connection.config().defaults().releaseUnknownJobs());
    }
}
