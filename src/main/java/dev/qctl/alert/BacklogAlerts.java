package dev.qctl.alert;

import dev.qctl.config.AlertSpec;
import dev.qctl.queue.Locks;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.WorkerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backlog alerts ({@code pending_over}, {@code oldest_wait_over}, {@code no_workers}), checked
 * by `qctl monitor --alerts`, `schedule:work` and workers with --check-alerts. Each alert and
 * queue fires once when its condition starts to hold, and again only after it cleared: whether
 * it is firing is a lock in the store, so any number of checkers on any hosts agree.
 */
public final class BacklogAlerts {
    /** A firing alert that never clears is sent again after this long. */
    static final Duration REMIND_AFTER = Duration.ofDays(1);

    private static final String FIRING = "firing";

    private final QueueBackend backend;
    private final List<AlertSpec> alerts;

    /** {@code defaultQueue}: watched by alerts that name no queues. */
    public BacklogAlerts(QueueBackend backend, Map<String, AlertSpec> alerts, String defaultQueue) {
        this.backend = backend;
        this.alerts = alerts.values().stream()
                .filter(a -> !(a.when() instanceof AlertSpec.Failed))
                .map(a -> a.queues().isEmpty() && !(a.when() instanceof AlertSpec.NoWorkers)
                        ? new AlertSpec(
                                a.name(),
                                a.when(),
                                List.of(defaultQueue),
                                a.http(),
                                a.handler(),
                                a.atMost(),
                                a.per(),
                                a.queue(),
                                a.tries(),
                                a.backoff())
                        : a)
                .toList();
    }

    public boolean any() {
        return !alerts.isEmpty();
    }

    /** Checks every alert once; returns "alert queue" for each one that fired now. */
    public List<String> check() {
        List<String> fired = new ArrayList<>();
        Locks locks = backend.locks();
        List<WorkerInfo> workers = null;
        for (AlertSpec alert : alerts) {
            List<String> queues = alert.when() instanceof AlertSpec.NoWorkers n ? List.of(n.queue()) : alert.queues();
            for (String queue : queues) {
                Map<String, String> facts = new LinkedHashMap<>();
                facts.put("queue", queue);
                boolean holds;
                if (alert.when() instanceof AlertSpec.NoWorkers) {
                    if (workers == null) workers = backend.workers().list();
                    long serving = workers.stream()
                            .filter(w -> w.queues().contains(queue))
                            .count();
                    facts.put("workers", Long.toString(serving));
                    holds = serving == 0;
                } else {
                    QueueSizes sizes = backend.sizes(queue);
                    facts.put("pending", Long.toString(sizes.pending()));
                    facts.put("oldest_wait", sizes.oldestPendingAge() < 0 ? "" : sizes.oldestPendingAge() + "s");
                    holds = alert.when() instanceof AlertSpec.PendingOver p
                            ? sizes.pending() > p.jobs()
                            : sizes.oldestPendingAge()
                                    > ((AlertSpec.OldestWaitOver) alert.when())
                                            .longerThan()
                                            .toSeconds();
                }
                String state = AlertLimit.PREFIX + alert.name() + ":firing:" + queue;
                if (!holds) {
                    locks.release(state, FIRING);
                    continue;
                }
                if (!locks.acquire(state, FIRING, REMIND_AFTER)) continue; // already fired and not cleared since
                if (!AlertLimit.take(locks, alert)) continue;
                AlertJobs.dispatch(backend, alert, facts);
                fired.add(alert.name() + " " + queue);
            }
        }
        return fired;
    }
}
