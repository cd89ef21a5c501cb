package dev.qctl.metrics;

import dev.qctl.queue.QueueBackend;
import dev.qctl.worker.WorkerEvents;
import dev.qctl.worker.WorkerState;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A worker's Prometheus metrics, fed by its {@link WorkerEvents}: a counter or histogram update
 * per event (label children are looked up once and kept, so the hot path is a map hit and an
 * add), and gauges read on scrape from the worker's {@link WorkerState} and the store's queue
 * depths. Labels are queue and handler name only, so cardinality stays bounded.
 */
public final class WorkerMetrics implements WorkerEvents {
    /** Job durations from 10 ms to 10 min. */
    static final double[] DURATION_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};
    /** Waits in the queue, whole seconds (dispatch times have second resolution). */
    static final double[] WAIT_BUCKETS = {1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};
    /** Store round trips from 0.5 ms to 5 s. */
    static final double[] ROUND_TRIP_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter started = counter("qctl_jobs_started", "Jobs whose handler started");
    private final Counter processed =
            counter("qctl_jobs_processed", "Job attempts whose handler returned, whatever the outcome");
    private final Counter failed = counter("qctl_jobs_failed", "Jobs that failed for good (in the failed-job store)");
    private final Counter released = counter("qctl_jobs_released", "Jobs put back on their queue for another attempt");
    private final Counter timedOut = counter("qctl_jobs_timed_out", "Attempts ended at their timeout");
    private final Histogram duration = Histogram.builder()
            .name("qctl_job_duration_seconds")
            .help("How long job handlers ran")
            .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
            .labelNames("queue", "job")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    private final Histogram waited = Histogram.builder()
            .name("qctl_job_wait_seconds")
            .help("How long jobs waited in their queue between dispatch and their first start")
            .labelNames("queue")
            .classicOnly()
            .classicUpperBounds(WAIT_BUCKETS)
            .register(registry);
    private final Histogram reserveTrip = roundTrip("qctl_reserve_seconds", "Reservation round trips to the store");
    private final Histogram ackTrip =
            roundTrip("qctl_ack_seconds", "Ack round trips to the store (one covers many jobs)");
    private final Counter storeErrors = Counter.builder()
            .name("qctl_store_errors_total")
            .help("Calls to the store that failed, by operation")
            .labelNames("operation")
            .register(registry);

    /** Label children by (queue, job), so an event costs no label lookup inside the client. */
    private final Map<List<String>, Children> children = new ConcurrentHashMap<>();

    private record Children(
            CounterDataPoint started,
            CounterDataPoint processed,
            CounterDataPoint failed,
            CounterDataPoint released,
            CounterDataPoint timedOut,
            io.prometheus.metrics.core.datapoints.DistributionDataPoint duration,
            io.prometheus.metrics.core.datapoints.DistributionDataPoint waited) {}

    /**
     * @param backend the worker's store, for the depth of {@code queues}
     * @param state   the worker as of now
     */
    public WorkerMetrics(QueueBackend backend, List<String> queues, Supplier<WorkerState> state) {
        QueueDepths depths = new QueueDepths(
                backend, queues, () -> storeErrors.labelValues("sizes").inc());
        GaugeWithCallback.builder()
                .name("qctl_queue_jobs")
                .help("Jobs in the worker's queues by state (read from the store at most every few seconds)")
                .labelNames("queue", "state")
                .callback(cb -> depths.current().forEach(s -> {
                    cb.call(s.pending(), s.queue(), "pending");
                    cb.call(s.delayed(), s.queue(), "delayed");
                    cb.call(s.reserved(), s.queue(), "reserved");
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("qctl_worker_up")
                .help("1 while this worker runs")
                .callback(cb -> cb.call(1))
                .register(registry);
        GaugeWithCallback.builder()
                .name("qctl_worker_slots")
                .help("Jobs this worker may run at once (--concurrency)")
                .callback(cb -> cb.call(state.get().slots()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("qctl_worker_busy_slots")
                .help("Slots running a job now")
                .callback(cb -> cb.call(state.get().busy()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("qctl_worker_paused")
                .help("1 while the worker is paused (signal, or every one of its queues paused)")
                .callback(cb -> cb.call(state.get().paused() ? 1 : 0))
                .register(registry);
        // JVM basics, each read only when scraped. Not JvmMetrics' whole set: its pool-allocation
        // metric listens to every garbage collection and builds a JMX notification each time,
        // which cost a no-op drain about 4% (issue 15's bench, PostgreSQL, C=10); without it 2%.
        io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics.builder().register(registry);
        io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics.builder().register(registry);
        io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics.builder()
                .register(registry);
        io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric.builder().register(registry);
        io.prometheus.metrics.instrumentation.jvm.ProcessMetrics.builder().register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public void reserved(int jobs, long nanos) {
        reserveTrip.observe(nanos / 1e9);
    }

    @Override
    public void acked(int jobs, long nanos) {
        ackTrip.observe(nanos / 1e9);
    }

    @Override
    public void storeError(String operation) {
        storeErrors.labelValues(operation).inc();
    }

    @Override
    public void started(String queue, String job, long waitedSeconds) {
        Children c = of(queue, job);
        c.started().inc();
        if (waitedSeconds >= 0) c.waited().observe(waitedSeconds);
    }

    @Override
    public void finished(String queue, String job, long nanos) {
        Children c = of(queue, job);
        c.processed().inc();
        c.duration().observe(nanos / 1e9);
    }

    @Override
    public void released(String queue, String job) {
        of(queue, job).released().inc();
    }

    @Override
    public void timedOut(String queue, String job) {
        of(queue, job).timedOut().inc();
    }

    @Override
    public void failed(JobFailure failure) {
        of(failure.queue(), failure.job()).failed().inc();
    }

    private Children of(String queue, String job) {
        return children.computeIfAbsent(
                List.of(queue, job),
                k -> new Children(
                        started.labelValues(queue, job),
                        processed.labelValues(queue, job),
                        failed.labelValues(queue, job),
                        released.labelValues(queue, job),
                        timedOut.labelValues(queue, job),
                        duration.labelValues(queue, job),
                        waited.labelValues(queue)));
    }

    private Counter counter(String name, String help) {
        return Counter.builder()
                .name(name + "_total")
                .help(help)
                .labelNames("queue", "job")
                .register(registry);
    }

    private Histogram roundTrip(String name, String help) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .classicOnly()
                .classicUpperBounds(ROUND_TRIP_BUCKETS)
                .register(registry);
    }
}
