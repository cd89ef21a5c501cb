package dev.qctl.alert;

import dev.qctl.config.AlertSpec;
import dev.qctl.queue.QueueBackend;
import dev.qctl.worker.WorkerEvents;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code when: failed} alerts, fired by the worker that failed the job, on the job's slot as it
 * fails (failures are rare; the store calls they cost are a lock and a push). A failed
 * notification job, or any job of an alert queue, never fires one: no alert about an alert.
 */
public final class FailedAlerts implements WorkerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(FailedAlerts.class);

    private final QueueBackend backend;
    private final List<AlertSpec> alerts;

    public FailedAlerts(QueueBackend backend, Map<String, AlertSpec> alerts) {
        this.backend = backend;
        this.alerts = alerts.values().stream()
                .filter(a -> a.when() instanceof AlertSpec.Failed)
                .toList();
    }

    public boolean any() {
        return !alerts.isEmpty();
    }

    @Override
    public void failed(JobFailure failure) {
        if (failure.job().startsWith(AlertSpec.HANDLER_PREFIX)) return;
        for (AlertSpec alert : alerts) {
            if (failure.queue().equals(alert.queue())) continue;
            if (!alert.queues().isEmpty() && !alert.queues().contains(failure.queue())) continue;
            try {
                if (!AlertLimit.take(backend.locks(), alert)) continue;
                AlertJobs.dispatch(
                        backend,
                        alert,
                        Map.of(
                                "queue", failure.queue(),
                                "job", failure.displayName() == null ? failure.job() : failure.displayName(),
                                "error", failure.reason() == null ? "" : failure.reason(),
                                "id", failure.id(),
                                "uuid", failure.uuid() == null ? "" : failure.uuid()));
            } catch (RuntimeException e) {
                LOG.warn("alert {}: cannot dispatch its notification ({})", alert.name(), e.getMessage());
            }
        }
    }
}
