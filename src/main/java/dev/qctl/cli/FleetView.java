package dev.qctl.cli;

import dev.qctl.queue.FailedJob;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.WorkerInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One look at a connection for `qctl monitor`: each queue's sizes, failures, paused state and the
 * live workers serving it (from their heartbeats), plus the workers and the latest failures.
 */
record FleetView(
        String connection, long storeNow, List<Row> queues, List<WorkerInfo> workers, List<FailedJob> latestFailures) {

    /**
     * One queue. {@code throughput} is the jobs the workers serving it finished in the minute
     * before their last beats (a worker serving several queues counts toward each of them).
     */
    record Row(
            QueueSizes sizes,
            long failedLastHour,
            long failedTotal,
            boolean paused,
            int workers,
            int busy,
            long throughput) {}

    static FleetView read(QueueBackend backend, List<String> queues) {
        long now = backend.workers().now();
        List<WorkerInfo> workers = WorkersCommand.serving(backend.workers().list(), queues);
        Set<String> paused = backend.controls().read().paused();
        List<FailedJob> failed = backend.failedJobs().list(null);
        Instant hourAgo = Instant.ofEpochSecond(now - 3600);
        List<Row> rows = new ArrayList<>();
        for (String q : queues) {
            List<FailedJob> mine =
                    failed.stream().filter(f -> q.equals(f.queue())).toList();
            long lastHour = mine.stream()
                    .filter(f -> f.failedAt() != null && !f.failedAt().isBefore(hourAgo))
                    .count();
            List<WorkerInfo> serving =
                    workers.stream().filter(w -> w.queues().contains(q)).toList();
            int busy = serving.stream()
                    .mapToInt(w -> (int) w.running().stream()
                            .filter(j -> q.equals(j.queue()))
                            .count())
                    .sum();
            long throughput = serving.stream().mapToLong(WorkerInfo::lastMinute).sum();
            rows.add(new Row(
                    backend.sizes(q), lastHour, mine.size(), paused.contains(q), serving.size(), busy, throughput));
        }
        List<FailedJob> latest =
                failed.stream().filter(f -> queues.contains(f.queue())).limit(5).toList();
        return new FleetView(backend.connectionName(), now, rows, workers, latest);
    }

    /** The jobs finished in the last minute by every worker shown. */
    long throughput() {
        return workers.stream().mapToLong(WorkerInfo::lastMinute).sum();
    }
}
