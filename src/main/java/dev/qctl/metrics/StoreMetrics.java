package dev.qctl.metrics;

import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.WorkerInfo;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `qctl metrics`: one look at a connection as Prometheus text, for node_exporter's textfile
 * collector or a cron job: each queue's jobs by state, oldest wait, failed jobs and live
 * workers. The queues are the ones asked for, plus every queue a live worker serves or a
 * failed job came from.
 */
public final class StoreMetrics {
    private StoreMetrics() {}

    public static void write(QueueBackend backend, List<String> asked, OutputStream out) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        Gauge jobs = gauge(registry, "qctl_queue_jobs", "Jobs in the queue by state", "queue", "state");
        Gauge oldest = gauge(
                registry,
                "qctl_queue_oldest_wait_seconds",
                "How long the oldest pending job has waited (0 when none is pending)",
                "queue");
        Gauge failed = gauge(
                registry, "qctl_failed_jobs", "Jobs in the failed-job store, by the queue they failed on", "queue");
        Gauge workers =
                gauge(registry, "qctl_workers", "Live workers serving the queue (from their heartbeats)", "queue");

        List<WorkerInfo> live = backend.workers().list();
        // counted by the store, not listed: a hundred thousand failed jobs stay a hundred thousand rows there
        Map<String, Long> failures = backend.failedJobs().countByQueue();
        Set<String> queues = new LinkedHashSet<>(asked);
        live.forEach(w -> queues.addAll(w.queues()));
        failures.keySet().forEach(q -> {
            if (q != null) queues.add(q);
        });
        for (String q : queues) {
            QueueSizes s = backend.sizes(q);
            jobs.labelValues(q, "pending").set(s.pending());
            jobs.labelValues(q, "delayed").set(s.delayed());
            jobs.labelValues(q, "reserved").set(s.reserved());
            oldest.labelValues(q).set(Math.max(0, s.oldestPendingAge()));
            failed.labelValues(q).set(failures.getOrDefault(q, 0L));
            workers.labelValues(q)
                    .set(live.stream().filter(w -> w.queues().contains(q)).count());
        }
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        out.flush();
    }

    private static Gauge gauge(PrometheusRegistry registry, String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }
}
