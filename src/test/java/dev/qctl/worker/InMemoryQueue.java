package dev.qctl.worker;

import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * A {@link QueueBackend} in memory, for tests of the worker's rules. It keeps the SQL store's
 * semantics: jobs in push order per queue; a reservation increments attempts and lasts
 * {@code retryAfter}; every call on a reserved job is fenced by (id, attempts) and returns false
 * once the reservation is no longer the caller's. Time stands still until {@link #advance}
 * moves it, so delays and lease expiry are exact. Not final: a test may override a call to
 * make the store slow or unreachable.
 */
class InMemoryQueue implements QueueBackend {
    /** One row of the jobs table. */
    private static final class Row {
        final long id;
        final String queue;
        String payload;
        int attempts;
        Instant availableAt;
        Instant reservedUntil; // null: not reserved

        Row(long id, String queue, String payload, Instant availableAt) {
            this.id = id;
            this.queue = queue;
            this.payload = payload;
            this.availableAt = availableAt;
        }
    }

    /** What a test can see of a stored job. */
    record StoredJob(String id, String queue, String payload, int attempts, Instant availableAt, boolean reserved) {
        Payload parsed() {
            return Payload.parse(payload);
        }
    }

    private final Duration retryAfter;
    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private final InMemoryFailedJobs failed = new InMemoryFailedJobs();
    private long nextId = 1;
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    InMemoryQueue(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    // ---- the test's handles -------------------------------------------------------------

    synchronized Instant now() {
        return now;
    }

    /** Moves the store's clock forward. */
    synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    /** Writes a payload as it is, even one that is not JSON, as another program might. */
    synchronized String pushRaw(String queue, String payload) {
        Row row = new Row(nextId++, queue, payload, now);
        rows.put(row.id, row);
        return Long.toString(row.id);
    }

    synchronized Optional<StoredJob> job(String id) {
        return Optional.ofNullable(rows.get(Long.parseLong(id)))
                .map(r -> new StoredJob(
                        Long.toString(r.id), r.queue, r.payload, r.attempts, r.availableAt, r.reservedUntil != null));
    }

    synchronized int count() {
        return rows.size();
    }

    // ---- QueueBackend -------------------------------------------------------------------

    @Override
    public String connectionName() {
        return "memory";
    }

    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public void migrate() {}

    @Override
    public synchronized String push(PushRequest request) {
        Row row = new Row(nextId++, request.queue(), request.payload().toJson(), now.plus(request.delay()));
        rows.put(row.id, row);
        return Long.toString(row.id);
    }

    @Override
    public synchronized List<String> pushAll(java.util.Iterator<PushRequest> requests, IntConsumer progress) {
        List<String> ids = new ArrayList<>();
        requests.forEachRemaining(r -> ids.add(push(r)));
        progress.accept(ids.size());
        return ids;
    }

    @Override
    public synchronized List<ReservedJob> reserve(List<String> queues, int max) {
        List<ReservedJob> reserved = new ArrayList<>();
        for (String queue : queues) {
            List<Row> available = rows.values().stream()
                    .filter(r -> r.queue.equals(queue) && isAvailable(r))
                    .sorted(Comparator.comparingLong(r -> r.id))
                    .limit(max - reserved.size())
                    .toList();
            for (Row r : available) {
                r.attempts++;
                r.reservedUntil = now.plus(retryAfter);
                reserved.add(new ReservedJob(Long.toString(r.id), r.queue, r.payload, r.attempts, null));
            }
            if (reserved.size() == max) break;
        }
        return reserved;
    }

    private boolean isAvailable(Row r) {
        // a lease not renewed within retry_after is abandoned: the job may run elsewhere
        return r.reservedUntil == null ? !r.availableAt.isAfter(now) : !r.reservedUntil.isAfter(now);
    }

    /** The row this reservation still holds, or null when the job is gone or reserved again since. */
    private Row held(ReservedJob job) {
        Row r = rows.get(Long.parseLong(job.id()));
        return r != null && r.attempts == job.attempts() && r.reservedUntil != null ? r : null;
    }

    @Override
    public synchronized boolean ack(ReservedJob job) {
        return held(job) != null && rows.remove(Long.parseLong(job.id())) != null;
    }

    @Override
    public synchronized boolean release(ReservedJob job, String payload, Duration delay) {
        Row r = held(job);
        if (r == null) return false;
        r.payload = payload;
        r.reservedUntil = null;
        r.availableAt = now.plus(delay);
        return true;
    }

    @Override
    public synchronized boolean postpone(ReservedJob job, Duration delay) {
        Row r = held(job);
        if (r == null) return false;
        r.attempts--;
        r.reservedUntil = null;
        r.availableAt = now.plus(delay);
        return true;
    }

    @Override
    public synchronized boolean unreserve(ReservedJob job) {
        Row r = held(job);
        if (r == null) return false;
        r.attempts--;
        r.reservedUntil = null;
        return true;
    }

    @Override
    public synchronized boolean renew(ReservedJob job) {
        Row r = held(job);
        if (r == null) return false;
        r.reservedUntil = now.plus(retryAfter);
        return true;
    }

    @Override
    public synchronized boolean fail(ReservedJob job, String exception) {
        Row r = held(job);
        if (r == null) return false;
        rows.remove(r.id);
        failed.record(connectionName(), r.queue, r.payload, exception, now);
        return true;
    }

    @Override
    public synchronized QueueSizes sizes(String queue) {
        long pending = 0, delayed = 0, reserved = 0;
        Instant oldest = null;
        for (Row r : rows.values()) {
            if (!r.queue.equals(queue)) continue;
            if (r.reservedUntil != null) reserved++;
            else if (r.availableAt.isAfter(now)) delayed++;
            else {
                pending++;
                if (oldest == null || r.availableAt.isBefore(oldest)) oldest = r.availableAt;
            }
        }
        return new QueueSizes(
                queue,
                pending,
                delayed,
                reserved,
                oldest == null ? -1 : Duration.between(oldest, now).toSeconds());
    }

    @Override
    public synchronized long clear(String queue) {
        long before = rows.size();
        rows.values().removeIf(r -> r.queue.equals(queue));
        return before - rows.size();
    }

    @Override
    public InMemoryFailedJobs failedJobs() {
        return failed;
    }

    @Override
    public void close() {}

    final java.util.Map<String, dev.qctl.queue.WorkerInfo> workers = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.Set<String> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile long restartSignal;

    /** Heartbeats in a map; nothing expires (the tests here do not wait for expiry). */
    @Override
    public dev.qctl.queue.WorkerRegistry workers() {
        return new dev.qctl.queue.WorkerRegistry() {
            @Override
            public void beat(dev.qctl.queue.WorkerInfo worker, Duration ttl) {
                workers.put(worker.id(), worker.seenAt(now()));
            }

            @Override
            public List<dev.qctl.queue.WorkerInfo> list() {
                return List.copyOf(workers.values());
            }

            @Override
            public boolean remove(String id) {
                return workers.remove(id) != null;
            }

            @Override
            public int prune() {
                return 0;
            }

            @Override
            public long now() {
                return java.time.Instant.now().getEpochSecond();
            }
        };
    }

    @Override
    public dev.qctl.queue.Controls controls() {
        return new dev.qctl.queue.Controls() {
            @Override
            public long restart() {
                return ++restartSignal;
            }

            @Override
            public void pause(String queue) {
                paused.add(queue);
            }

            @Override
            public boolean resume(String queue) {
                return paused.remove(queue);
            }

            @Override
            public State read() {
                return new State(restartSignal, java.util.Set.copyOf(paused));
            }
        };
    }

    /** Laravel's failed_jobs, in memory. */
    static final class InMemoryFailedJobs implements FailedJobStore {
        private final List<FailedJob> jobs = new ArrayList<>();
        private long nextId = 1;

        @Override
        public long record(String connection, String queue, String payload, String exception) {
            return record(connection, queue, payload, exception, Instant.now());
        }

        synchronized long record(String connection, String queue, String payload, String exception, Instant at) {
            String uuid;
            try {
                uuid = Optional.ofNullable(Payload.parse(payload).uuid())
                        .orElseGet(() -> UUID.randomUUID().toString());
            } catch (RuntimeException unreadable) {
                uuid = UUID.randomUUID().toString();
            }
            String key = uuid;
            jobs.removeIf(f -> f.uuid().equals(key)); // a uuid already present is replaced
            FailedJob job = new FailedJob(nextId++, uuid, connection, queue, payload, exception, at);
            jobs.add(job);
            return job.id();
        }

        @Override
        public synchronized List<FailedJob> list(String queue) {
            return jobs.reversed().stream()
                    .filter(f -> queue == null || f.queue().equals(queue))
                    .toList();
        }

        @Override
        public synchronized dev.qctl.queue.FailedJobPage page(
                dev.qctl.queue.FailedJobFilter filter, long beforeId, int limit) {
            List<FailedJob> matching = jobs.reversed().stream()
                    .filter(f -> beforeId <= 0 || f.id() < beforeId)
                    .filter(filter::matches)
                    .limit(limit + 1L)
                    .toList();
            if (matching.size() <= limit) return new dev.qctl.queue.FailedJobPage(matching, 0);
            return new dev.qctl.queue.FailedJobPage(
                    matching.subList(0, limit), matching.get(limit - 1).id());
        }

        @Override
        public synchronized java.util.Map<String, Long> countByQueue() {
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            jobs.forEach(f -> counts.merge(f.queue(), 1L, Long::sum));
            return counts;
        }

        @Override
        public synchronized Optional<FailedJob> find(String idOrUuid) {
            return jobs.stream()
                    .filter(f ->
                            Long.toString(f.id()).equals(idOrUuid) || f.uuid().equals(idOrUuid))
                    .findFirst();
        }

        @Override
        public synchronized boolean forget(String idOrUuid) {
            return find(idOrUuid).map(jobs::remove).orElse(false);
        }

        @Override
        public synchronized long flush(Instant failedAtOrBefore) {
            int before = jobs.size();
            jobs.removeIf(f -> failedAtOrBefore == null || !f.failedAt().isAfter(failedAtOrBefore));
            return before - jobs.size();
        }
    }
}
