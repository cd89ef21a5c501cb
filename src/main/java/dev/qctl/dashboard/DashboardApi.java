package dev.qctl.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.QctlException;
import dev.qctl.base.Secrets;
import dev.qctl.queue.Batch;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.FailedJobPage;
import dev.qctl.queue.FailedJobRetry;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.QueuedJob;
import dev.qctl.queue.WorkerInfo;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api/}: the same data the pages show, and the actions they offer.
 * Every listing is bounded (a page of failed jobs, a page of batches), so a store with a million
 * jobs costs what a small one does; every action is logged with the user who asked for it.
 */
final class DashboardApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.qctl.dashboard");
    static final int PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final QueueBackend backend;
    private final DashboardSettings settings;
    private final OverviewSnapshot overview;
    private final QueueHistory history = new QueueHistory(Instant.now().getEpochSecond());
    /** Where a failed job goes back to: the connection its row names, as `qctl retry` decides it. */
    private final Function<FailedJob, QueueBackend> retryTarget;

    DashboardApi(QueueBackend backend, DashboardSettings settings, Function<FailedJob, QueueBackend> retryTarget) {
        this.backend = backend;
        this.settings = settings;
        this.retryTarget = retryTarget;
        this.overview = new OverviewSnapshot(this::countOverview);
    }

    @Override
    public void close() {
        overview.close();
    }

    /** A read: {@code path} is what follows {@code /api/}. */
    ApiResponse get(String path, Map<String, String> query) {
        List<String> parts = List.of(path.split("/", -1));
        return switch (parts.getFirst()) {
            case "overview" -> ApiResponse.ok(overview.get());
            case "failed" ->
                parts.size() == 1
                        ? ApiResponse.ok(failedPage(query))
                        : parts.get(1).equals("matching")
                                ? ApiResponse.ok(RetryMatching.count(backend.failedJobs(), filter(query)))
                                : failedDetail(parts.get(1));
            case "workers" -> ApiResponse.ok(workers());
            case "batches" -> ApiResponse.ok(batches(query));
            case "schedule" -> ApiResponse.ok(schedule());
            case "jobs" -> parts.size() == 2 ? lookup(parts.get(1)) : notFound();
            default -> notFound();
        };
    }

    /** An action, by {@code user} from {@code from}. */
    ApiResponse post(String path, Map<String, String> query, String user, String from) {
        if (path.equals("failed/retry-matching")) return retryMatching(query, user, from);
        List<String> parts = List.of(path.split("/", -1));
        if (parts.size() != 3) return notFound();
        String id = parts.get(1);
        String action = parts.getFirst() + "/" + parts.get(2);
        return switch (action) {
            case "failed/retry" -> retry(id, user, from);
            case "failed/forget" -> forget(id, user, from);
            case "batches/cancel" -> cancelBatch(id, user, from);
            case "batches/retry" -> retryBatch(id, user, from);
            default -> notFound();
        };
    }

    private ObjectNode countOverview() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        List<WorkerInfo> workers = backend.workers().list();
        Map<String, Long> failed = backend.failedJobs().countByQueue();
        Set<String> paused = backend.controls().read().paused();
        Set<String> queues = new LinkedHashSet<>(settings.queues());
        workers.forEach(w -> queues.addAll(w.queues()));
        queues.addAll(failed.keySet());
        queues.addAll(paused);
        ArrayNode rows = out.putArray("queues");
        Map<String, ObjectNode> shown = new java.util.LinkedHashMap<>();
        Map<String, Long> waits = new java.util.HashMap<>();
        for (String q : queues) {
            if (!validQueue(q)) continue; // a name written by some other program: skip, do not fail the page
            QueueSizes s = backend.sizes(q);
            waits.put(q, s.oldestPendingAge());
            shown.put(q, rows.addObject());
            shown.get(q)
                    .put("queue", q)
                    .put("pending", s.pending())
                    .put("delayed", s.delayed())
                    .put("reserved", s.reserved())
                    .put("failed", failed.getOrDefault(q, 0L))
                    .put("oldest_pending_seconds", s.oldestPendingAge())
                    .put("paused", paused.contains(q))
                    .put(
                            "workers",
                            workers.stream().filter(w -> w.queues().contains(q)).count());
        }
        long now = Instant.now().getEpochSecond();
        history.sample(now, waits, workers);
        shown.forEach((q, row) -> history.write(row, q, now));
        out.put(
                "history_since",
                Instant.ofEpochSecond(history.startedAtSeconds()).toString());
        out.put("workers", workers.size());
        out.put(
                "processed_last_minute",
                workers.stream().mapToLong(WorkerInfo::lastMinute).sum());
        out.put("connection", backend.connectionName());
        out.put("at", Instant.now().toString());
        return out;
    }

    private static FailedJobFilter filter(Map<String, String> query) {
        return new FailedJobFilter(query.get("queue"), query.get("job"), query.get("text"));
    }

    private ObjectNode failedPage(Map<String, String> query) {
        FailedJobFilter filter = filter(query);
        long before = number(query.get("before"), 0);
        int limit = (int) Math.min(MAX_PAGE, Math.max(1, number(query.get("limit"), PAGE)));
        FailedJobPage page = backend.failedJobs().page(filter, before, limit);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode rows = out.putArray("jobs");
        for (FailedJob j : page.jobs()) summary(rows.addObject(), j);
        out.put("next", page.next());
        return out;
    }

    private static void summary(ObjectNode o, FailedJob j) {
        o.put("id", j.id())
                .put("uuid", j.uuid())
                .put("queue", j.queue())
                .put("connection", j.connection())
                .put("job", Secrets.text(j.displayName()))
                .put("failed_at", j.failedAt() == null ? null : j.failedAt().toString())
                .put("exception", Secrets.text(j.exceptionSummary()))
                .put("batch", Payload.batchIdOf(j.payload()));
    }

    private ApiResponse failedDetail(String id) {
        Optional<FailedJob> job = backend.failedJobs().find(id);
        if (job.isEmpty()) return ApiResponse.error(404, "no failed job " + id);
        ObjectNode o = Json.MAPPER.createObjectNode();
        summary(o, job.get());
        o.put("payload", PayloadMasking.masked(job.get().payload()));
        o.put("exception_full", Secrets.text(job.get().exception()));
        return ApiResponse.ok(o);
    }

    private ArrayNode workers() {
        long now = backend.workers().now();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (WorkerInfo w : backend.workers().list()) {
            ObjectNode node = Json.MAPPER.valueToTree(w);
            node.put("seen_seconds_ago", Math.max(0, now - w.lastSeen()));
            node.put("up_seconds", Math.max(0, now - w.startedAt()));
            out.add(node);
        }
        return out;
    }

    private ObjectNode batches(Map<String, String> query) {
        int offset = (int) Math.max(0, number(query.get("offset"), 0));
        List<Batch> page = backend.batches().list(offset, PAGE + 1);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode rows = out.putArray("batches");
        page.stream().limit(PAGE).forEach(b -> batch(rows.addObject(), b));
        out.put("next", page.size() > PAGE ? offset + PAGE : -1);
        return out;
    }

    private static void batch(ObjectNode o, Batch b) {
        o.put("id", b.id())
                .put("name", b.name())
                .put("total", b.totalJobs())
                .put("pending", b.pendingJobs())
                .put("processed", b.processedJobs())
                .put("failed", b.failedJobs())
                .put("progress", b.progress())
                .put("created_at", Instant.ofEpochSecond(b.createdAt()).toString())
                .put("cancelled", b.cancelled())
                .put("finished", b.finished());
    }

    private com.fasterxml.jackson.databind.JsonNode schedule() {
        try {
            return settings.schedule().entries();
        } catch (QctlException | UnsupportedOperationException e) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("error", Secrets.text(e.getMessage()));
            return o;
        }
    }

    /**
     * A job by id or uuid: among the failed jobs (indexed by both), else still in the store
     * (pending, delayed, reserved: by primary key on SQL, by walking the overview's queues on
     * Redis), else a batch of that id.
     */
    private ApiResponse lookup(String id) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        Optional<FailedJob> failed = backend.failedJobs().find(id);
        if (failed.isPresent()) {
            o.put("kind", "failed");
            o.put("id", failed.get().id());
            return ApiResponse.ok(o);
        }
        Optional<QueuedJob> queued = findQueued(id);
        if (queued.isPresent()) {
            o.put("kind", "job")
                    .put("id", queued.get().id())
                    .put("queue", queued.get().queue())
                    .put("state", queued.get().state())
                    .put("job", Secrets.text(displayName(queued.get().payload())))
                    .put("payload", PayloadMasking.masked(queued.get().payload()));
            return ApiResponse.ok(o);
        }
        Optional<Batch> batch = findBatch(id);
        if (batch.isPresent()) {
            o.put("kind", "batch");
            batch(o, batch.get());
            return ApiResponse.ok(o);
        }
        return ApiResponse.error(404, "no job or batch " + id + " (finished jobs are not kept)");
    }

    private Optional<QueuedJob> findQueued(String id) {
        List<String> queues = new java.util.ArrayList<>();
        overview.get().path("queues").forEach(q -> queues.add(q.path("queue").asText()));
        try {
            return backend.findQueued(id, queues);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String displayName(String payload) {
        try {
            return Payload.parse(payload).displayName();
        } catch (RuntimeException unreadable) {
            return "(unreadable payload)";
        }
    }

    private Optional<Batch> findBatch(String id) {
        try {
            return backend.batches().find(id);
        } catch (UnsupportedOperationException | QctlException e) {
            return Optional.empty();
        }
    }

    /**
     * Every failed job the filter matches, up to the newest id the confirm step counted
     * ({@code upto}), so what is retried is what was shown, less rows gone since; jobs failing
     * after the count wait for the next click.
     */
    private ApiResponse retryMatching(Map<String, String> query, String user, String from) {
        long upto = number(query.get("upto"), -1);
        if (upto < 0) return ApiResponse.error(400, "retry-matching needs upto=ID (the newest id counted)");
        FailedJobFilter filter = filter(query);
        RetryMatching.Outcome outcome = RetryMatching.retry(backend, filter, upto, this::retryOne);
        LOG.info(
                "dashboard: {} from {} retried {} failed jobs matching queue={} job={} text={} up to id {} ({} kept)",
                user,
                from,
                outcome.retried(),
                filter.queue(),
                Secrets.text(String.valueOf(filter.job())),
                Secrets.text(String.valueOf(filter.text())),
                upto,
                outcome.kept());
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("retried", outcome.retried()).put("kept", outcome.kept());
        if (outcome.firstError() != null) o.put("error", outcome.firstError());
        return ApiResponse.ok(o);
    }

    /** Pushes one failed job back where its row says, under the lock {@code qctl retry} takes too. */
    private void retryOne(FailedJob job) {
        String lock = FailedJobRetry.LOCK_PREFIX + job.id();
        String owner = "dashboard:" + ProcessHandle.current().pid() + ":"
                + Thread.currentThread().threadId();
        if (!backend.locks().acquire(lock, owner, FailedJobRetry.LOCK_TTL))
            throw new QctlException(1, "failed job " + job.id() + " is being retried by someone else");
        try {
            String warning = FailedJobRetry.retry(retryTarget.apply(job), backend.failedJobs(), job);
            if (warning != null) LOG.warn("dashboard: {}", warning);
        } finally {
            backend.locks().release(lock, owner);
        }
    }

    private ApiResponse retry(String id, String user, String from) {
        Optional<FailedJob> job = backend.failedJobs().find(id);
        if (job.isEmpty()) return ApiResponse.error(404, "no failed job " + id);
        try {
            retryOne(job.get());
        } catch (QctlException e) { // a connection qctl.yml does not name, or an unreadable payload: kept
            return ApiResponse.error(409, e.getMessage());
        }
        LOG.info(
                "dashboard: {} from {} retried failed job {} ({})",
                user,
                from,
                job.get().id(),
                job.get().uuid());
        return done("retried");
    }

    private ApiResponse forget(String id, String user, String from) {
        if (!backend.failedJobs().forget(id)) return ApiResponse.error(404, "no failed job " + id);
        LOG.info("dashboard: {} from {} forgot failed job {}", user, from, id);
        return done("forgotten");
    }

    private ApiResponse cancelBatch(String id, String user, String from) {
        if (!backend.batches().cancel(id)) return ApiResponse.error(404, "no batch " + id);
        LOG.info("dashboard: {} from {} cancelled batch {}", user, from, id);
        return done("cancelled");
    }

    private ApiResponse retryBatch(String id, String user, String from) {
        Optional<Batch> batch = backend.batches().find(id);
        if (batch.isEmpty()) return ApiResponse.error(404, "no batch " + id);
        int retried = 0;
        int kept = 0;
        for (String uuid : batch.get().failedJobIds()) {
            Optional<FailedJob> job = backend.failedJobs().find(uuid);
            if (job.isEmpty()) continue;
            try {
                retryOne(job.get()); // the same route and lock as one row's retry
                retried++;
            } catch (QctlException e) { // an unknown connection, a row being retried elsewhere: kept
                LOG.warn("dashboard: batch {}: {}", id, e.getMessage());
                kept++;
            }
        }
        LOG.info("dashboard: {} from {} retried {} failed jobs of batch {}", user, from, retried, id);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("retried", retried);
        o.put("kept", kept);
        return ApiResponse.ok(o);
    }

    private static ApiResponse done(String what) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("done", what);
        return ApiResponse.ok(o);
    }

    private static ApiResponse notFound() {
        return ApiResponse.error(404, "no such API");
    }

    private static boolean validQueue(String name) {
        try {
            QueueNames.check(name, "queue");
            return true;
        } catch (QctlException e) {
            return false;
        }
    }

    private static long number(String text, long fallback) {
        if (text == null || text.isBlank()) return fallback;
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
