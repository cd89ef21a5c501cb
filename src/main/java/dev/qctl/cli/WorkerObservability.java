package dev.qctl.cli;

import dev.qctl.alert.BacklogAlerts;
import dev.qctl.alert.BacklogWatch;
import dev.qctl.alert.FailedAlerts;
import dev.qctl.base.UsageException;
import dev.qctl.config.QctlConfig;
import dev.qctl.metrics.MetricsServer;
import dev.qctl.metrics.WorkerMetrics;
import dev.qctl.queue.QueueBackend;
import dev.qctl.worker.WorkerEvents;
import dev.qctl.worker.WorkerOptions;
import dev.qctl.worker.WorkerState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code qctl work}'s observability: the metrics/health endpoint, and qctl.yml's alerts. */
final class WorkerObservability {
    @Option(
            names = "--check-alerts",
            description =
                    "Also check qctl.yml's backlog alerts (pending_over, oldest_wait_over, no_workers) every 15s.")
    boolean checkAlerts;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Serve /metrics (Prometheus) and /health/live, /health/ready on this port (off by default).")
    Integer metricsPort;

    @Option(
            names = "--metrics-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Address the metrics port binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String metricsHost;

    /** What a worker gets: its events' observers, and the endpoint once the worker exists. */
    interface Observed extends AutoCloseable {
        WorkerEvents events();

        void serve(Supplier<WorkerState> state);

        @Override
        void close();
    }

    Observed observe(QueueBackend backend, QctlConfig config, WorkerOptions options) {
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535))
            throw new UsageException("--metrics-port must be between 0 and 65535");
        List<AutoCloseable> open = new ArrayList<>();
        // the worker is made after its events' observers, so its state is handed over in serve()
        AtomicReference<Supplier<WorkerState>> state = new AtomicReference<>();
        WorkerMetrics metrics = metricsPort == null
                ? null
                : new WorkerMetrics(backend, options.queues(), () -> state.get().get());
        FailedAlerts failed = new FailedAlerts(backend, config.alerts());
        WorkerEvents events = WorkerEvents.both(
                metrics == null ? WorkerEvents.NONE : metrics, failed.any() ? failed : WorkerEvents.NONE);
        if (checkAlerts) {
            BacklogAlerts backlog = new BacklogAlerts(backend, config.alerts(), Alerting.defaultQueue(config));
            if (!backlog.any()) throw new UsageException("--check-alerts: qctl.yml has no backlog alerts");
            open.add(new BacklogWatch(backlog));
        }
        return new Observed() {
            @Override
            public WorkerEvents events() {
                return events;
            }

            @Override
            public void serve(Supplier<WorkerState> worker) {
                state.set(worker);
                if (metrics == null) return;
                MetricsServer server = MetricsServer.start(metricsHost, metricsPort, metrics.registry(), worker);
                open.add(server);
                System.err.println("qctl: metrics and health on http://" + metricsHost + ":" + server.port()
                        + "/metrics, /health/live, /health/ready");
            }

            @Override
            public void close() {
                for (AutoCloseable c : open) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // shutting down: nothing to do about it
                    }
                }
            }
        };
    }
}
