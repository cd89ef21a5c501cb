package dev.qctl.bench;

import java.time.Duration;

/**
 * What one `qctl bench` run does.
 *
 * @param connection   the arguments that give a worker process the same connection
 *                     ({@code --connection NAME|URL --config FILE}; may hold a password: never printed)
 * @param queue        the benchmark's own queue; it must be empty
 * @param jobs         drain mode: jobs to enqueue up front (0 in steady mode)
 * @param rate         steady mode: jobs per second the producer dispatches (0 in drain mode)
 * @param duration     steady mode: how long the producer runs
 * @param workers      worker processes
 * @param concurrency  jobs at once per worker
 * @param payloadBytes padding added to each payload's data
 * @param jobMs        how long each job sleeps
 * @param backlog      drain mode: jobs left waiting behind the measured ones, to show how the
 *                     store copes with a deep queue (the workers stop after {@code jobs})
 * @param warmup       steady mode: how long the producer runs before the measured window, so
 *                     the workers' JIT warm-up is not counted as queue latency
 * @param metricsPort  0, or the first of the ports the workers serve /metrics on (one each),
 *                     to measure what the endpoint costs
 */
public record BenchSettings(
        java.util.List<String> connection,
        String queue,
        int jobs,
        int rate,
        Duration duration,
        int workers,
        int concurrency,
        int payloadBytes,
        int jobMs,
        int backlog,
        Duration warmup,
        int metricsPort) {

    public BenchSettings(
            java.util.List<String> connection,
            String queue,
            int jobs,
            int rate,
            Duration duration,
            int workers,
            int concurrency,
            int payloadBytes,
            int jobMs,
            int backlog,
            Duration warmup) {
        this(connection, queue, jobs, rate, duration, workers, concurrency, payloadBytes, jobMs, backlog, warmup, 0);
    }

    public boolean steady() {
        return rate > 0;
    }
}
