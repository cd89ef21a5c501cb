package dev.qctl.worker;

import java.time.Duration;
import java.util.List;

/**
 * The worker's settings, with artisan queue:work's meaning and defaults.
 *
 * @param queues          queue names in priority order
 * @param once            process one job (or find none) and stop
 * @param stopWhenEmpty   stop once no job is available and none is running
 * @param tries           attempts for jobs that do not set maxTries (0 = unlimited)
 * @param backoff         seconds before retries for jobs that set none, e.g. "10,60,300"
 * @param timeoutSeconds  seconds an attempt may run for jobs that set none (0 = no limit)
 * @param sleep           wait when no job is available
 * @param rest            pause after each job
 * @param maxJobs         stop after this many jobs (0 = no limit)
 * @param maxTime         stop after running this long (zero = no limit)
 * @param memoryMb        stop (exit 12) when live heap exceeds this
 * @param name            the worker's name, shown in heartbeats (null: {@code host:pid})
 * @param json            JSON lines instead of human lines
 * @param concurrency     jobs run at once in this process
 * @param verbose         include job ids and connection in human lines
 * @param stopTimeout     after SIGTERM/SIGINT, how long running jobs get before they are
 *                        interrupted and handed back (zero = as long as they take)
 * @param releaseUnknownJobs hand a job with no handler here back to its queue, its attempt not
 *                        counted, for another worker (qctl.yml {@code unknown_jobs: release}),
 *                        instead of failing it
 */
public record WorkerOptions(
        List<String> queues,
        boolean once,
        boolean stopWhenEmpty,
        int tries,
        String backoff,
        int timeoutSeconds,
        Duration sleep,
        Duration rest,
        int maxJobs,
        Duration maxTime,
        int memoryMb,
        String name,
        boolean json,
        int concurrency,
        boolean verbose,
        Duration stopTimeout,
        boolean releaseUnknownJobs) {

    public static WorkerOptions defaults(List<String> queues) {
        return new WorkerOptions(
                queues,
                false,
                false,
                1,
                "0",
                60,
                Duration.ofSeconds(3),
                Duration.ZERO,
                0,
                Duration.ZERO,
                128,
                null,
                false,
                1,
                false,
                Duration.ZERO,
                false);
    }
}
