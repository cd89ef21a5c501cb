package dev.qctl.cli;

import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.WorkerInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** The latest failures the view shows. */
    private static final int LATEST = 5;

    static FleetView read(QueueBackend backend, List<String> queues) {
        long now = backend.workers().now();
        List<WorkerInfo> workers = WorkersCommand.serving(backend.workers().list(), queues);
        Set<String> paused = backend.controls().read().paused();
        Instant hourAgo = Instant.ofEpochSecond(now - 3600);
        Map<String, Long> totals = backend.failedJobs().countByQueue();
        Map<String, Long> lastHourOf = new HashMap<>();
        List<FailedJob> latest = new ArrayList<>();
        // newest first, so the walk ends at the first failure older than an hour once the latest five are in hand
        // (ids are taken in failure order), instead of holding every failed record (100k took hundreds of MB)
        backend.failedJobs().walk(FailedJobFilter.ALL, f -> {
            boolean recent = f.failedAt() != null && !f.failedAt().isBefore(hourAgo);
            if (queues.contains(f.queue())) {
                if (recent) lastHourOf.merge(f.queue(), 1L, Long::sum);
                if (latest.size() < LATEST) latest.add(f);
            }
            return recent || latest.size() < LATEST;
        });
        List<Row> rows = new ArrayList<>();
        for (String q : queues) {
            long lastHour = lastHourOf.getOrDefault(q, 0L);
            List<WorkerInfo> serving =
                    workers.stream().filter(w -> w.queues().contains(q)).toList();
            int busy = serving.stream()
                    .mapToInt(w -> (int) w.running().stream()
                            .filter(j -> q.equals(j.queue()))
                            .count())
                    .sum();
            long throughput = serving.stream().mapToLong(WorkerInfo::lastMinute).sum();
            rows.add(new Row(
                    backend.sizes(q),
                    lastHour,
                    totals.getOrDefault(q, 0L),
                    paused.contains(q),
                    serving.size(),
                    busy,
                    throughput));
        }
        return new FleetView(backend.connectionName(), now, rows, workers, latest);
    }

    /** The jobs finished in the last minute by every worker shown. */
    long throughput() {
        return workers.stream().mapToLong(WorkerInfo::lastMinute).sum();
    }
}
