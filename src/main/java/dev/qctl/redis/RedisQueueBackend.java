package dev.qctl.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.AppRestartSignal;
import dev.qctl.queue.Batches;
import dev.qctl.queue.Capability;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.Controls;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.Json;
import dev.qctl.queue.LaravelCache;
import dev.qctl.queue.Locks;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.RateLimits;
import dev.qctl.queue.ReservedJob;
import dev.qctl.queue.ScheduleHistory;
import dev.qctl.queue.WorkerRegistry;
import io.lettuce.core.ScriptOutputType;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The queue on Laravel's Redis keys ({@link RedisKeys}), with Laravel's payloads: {@code id} and
 * {@code attempts} live in the payload, attempts is 0 when pushed and the reserved copy carries
 * it incremented. Every multi-key step is one Lua script, and every time is the store's
 * ({@code TIME} inside the scripts). The reservation handle ({@link ReservedJob#lease()}) is the
 * exact reserved copy in {@code :reserved}; since attempts is inside it, removing or re-scoring
 * that exact member fences acks, releases, renewals and failures to this reservation.
 */
public final class RedisQueueBackend implements QueueBackend {
    /** Jobs per push script call: one call is atomic, and keeps the server responsive. */
    private static final int PUSH_CHUNK = 1000;
    /** How long one BLPOP of the listener lasts when block_for is not set; it simply starts again. */
    private static final double DEFAULT_BLOCK_SECONDS = 5;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final ConnectionUrl url;
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final RedisFailedJobStore failed;
    private final RedisLocks locks;
    private final RedisJobKeys jobKeys;
    private final RedisRateLimits rateLimits;
    private final RedisScheduleHistory history;
    private final RedisWorkerRegistry workers;
    private final RedisControls controls;
    private final RedisBatches batches;
    private final LuaScript push = LuaScript.load("push");
    private final LuaScript findJob = LuaScript.load("find_job");
    private final LuaScript publishStaged = LuaScript.load("publish_staged");
    private final LuaScript reserve = LuaScript.load("reserve");
    private final LuaScript release = LuaScript.load("release");
    private final LuaScript renew = LuaScript.load("renew");
    private final LuaScript fail = LuaScript.load("fail");
    private final LuaScript size = LuaScript.load("size");
    private final LuaScript clear = LuaScript.load("clear");
    private final LuaScript ack = LuaScript.load("ack");
    private final LuaScript unreserve = LuaScript.load("unreserve");
    private final LuaScript drop = LuaScript.load("drop");
    private final LuaScript renewAllScript = LuaScript.load("renew_all");
    private final ReserveRounds reserveRounds = new ReserveRounds();

    RedisQueueBackend(ConnectionUrl url) {
        this.url = url;
        this.redis = new RedisConnection(url);
        this.keys = new RedisKeys(redis.endpoint().prefix(), redis.endpoint().cluster());
        this.failed = new RedisFailedJobStore(redis, keys, fail);
        this.locks = new RedisLocks(redis, keys);
        this.rateLimits = new RedisRateLimits(redis, keys);
        this.jobKeys = new RedisJobKeys(this, redis, keys);
        this.history = new RedisScheduleHistory(redis, keys);
        this.workers = new RedisWorkerRegistry(redis, keys);
        this.controls = new RedisControls(redis, keys);
        this.batches = new RedisBatches(redis, keys, connectionName());
    }

    @Override
    public String connectionName() {
        return url.nameOr("redis"); // Laravel's name for its Redis queue connection
    }

    @Override
    public Duration retryAfter() {
        return url.retryAfter();
    }

    /** Wake-ups by BLPOP unless block_for=0 turns them off; a bulk push is all or nothing (per queue on Cluster). */
    @Override
    public Set<Capability> capabilities() {
        Double blockFor = redis.endpoint().blockFor();
        Set<Capability> all = new java.util.HashSet<>();
        if (blockFor == null || blockFor != 0) all.add(Capability.WAKE_ON_PUSH);
        all.add(Capability.ATOMIC_BULK_PUSH);
        return Set.copyOf(all);
    }

    /** Redis needs no schema: keys appear on first write. */
    @Override
    public void migrate() {}

    @Override
    public String push(PushRequest request) {
        return pushBulk(List.of(request)).getFirst();
    }

    /**
     * All or nothing. A push that fits one script call (one queue, up to {@link #PUSH_CHUNK}
     * jobs) is written directly. A larger one is written to staging keys beside each queue
     * (expiring, so a dispatcher killed midway leaves nothing a worker can see), then one script
     * publishes them all. On Cluster a file's queues may sit on different nodes, which one script
     * cannot reach: there each queue is published on its own.
     */
    @Override
    public List<String> pushAll(Iterator<PushRequest> requests, IntConsumer progress) {
        List<String> ids = new ArrayList<>();
        Chunks chunks = new Chunks(requests);
        Chunk first = chunks.next(ids);
        if (first == null) return ids;
        if (!chunks.hasNext()) {
            write(first, new String[] {keys.queue(first.queue), keys.delayed(first.queue), keys.notify(first.queue)});
            progress.accept(ids.size());
            return ids;
        }
        String token = randomId();
        Map<String, String[]> staged = new LinkedHashMap<>();
        try {
            for (Chunk chunk = first; chunk != null; chunk = chunks.next(ids)) {
                String[] target = staged.computeIfAbsent(chunk.queue, q -> keys.staging(q, token));
                write(chunk, target);
                redis.call(c -> {
                    for (String key : target) c.expire(key, STAGING_TTL.toSeconds());
                    return null;
                });
                progress.accept(ids.size());
            }
            publish(staged);
            return ids;
        } catch (RuntimeException e) {
            dropStaged(staged);
            throw e;
        }
    }

    /** How long the staged jobs of a dispatcher that died before publishing them stay around. */
    private static final Duration STAGING_TTL = Duration.ofHours(6);

    private record Chunk(String queue, String[] args) {}

    /** Runs of up to {@link #PUSH_CHUNK} jobs bound for the same queue: one push script call each. */
    private final class Chunks {
        private final Iterator<PushRequest> requests;
        private PushRequest pending;

        Chunks(Iterator<PushRequest> requests) {
            this.requests = requests;
            this.pending = requests.hasNext() ? requests.next() : null;
        }

        boolean hasNext() {
            return pending != null;
        }

        /** The next run, adding its ids to {@code ids}; null when there are no more. */
        Chunk next(List<String> ids) {
            if (pending == null) return null;
            String queue = pending.queue();
            List<String> args = new ArrayList<>();
            while (pending != null
                    && args.size() < 2 * PUSH_CHUNK
                    && pending.queue().equals(queue)) {
                Payload given = pending.payload();
                String id = given.has("id") ? null : randomId();
                String json = laravelEnvelope(given, id).toJson();
                ids.add(id != null ? id : idOf(json));
                args.add(seconds(pending.delay()));
                args.add(json);
                pending = requests.hasNext() ? requests.next() : null;
            }
            return new Chunk(queue, args.toArray(String[]::new));
        }
    }

    private void write(Chunk chunk, String[] target) {
        redis.call(c -> push.run(c, ScriptOutputType.INTEGER, target, chunk.args));
    }

    private void publish(Map<String, String[]> staged) {
        List<List<String>> calls = new ArrayList<>();
        if (keys.cluster()) {
            staged.forEach((queue, staging) -> calls.add(publishKeys(queue, staging)));
        } else {
            List<String> all = new ArrayList<>();
            staged.forEach((queue, staging) -> all.addAll(publishKeys(queue, staging)));
            calls.add(all);
        }
        for (List<String> k : calls) {
            redis.call(c -> publishStaged.run(c, ScriptOutputType.INTEGER, k.toArray(String[]::new)));
        }
    }

    private List<String> publishKeys(String queue, String[] staging) {
        return List.of(staging[0], staging[1], staging[2], keys.queue(queue), keys.delayed(queue), keys.notify(queue));
    }

    /** Best effort: a staging key left behind expires by itself. */
    private void dropStaged(Map<String, String[]> staged) {
        try {
            for (String[] k : staged.values()) redis.call(c -> c.del(k));
        } catch (RuntimeException stillDown) {
            // the store is the trouble already; the keys' expiry cleans up
        }
    }

    @Override
    public List<ReservedJob> reserve(List<String> queues, int max) {
        List<ReservedJob> jobs = new ArrayList<>();
        String retryAfter = Long.toString(retryAfter().toSeconds());
        for (String queue : queues) {
            if (jobs.size() >= max) break;
            String[] k = keys.all(queue);
            String want = Integer.toString(max - jobs.size());
            List<Object> out = redis.call(c -> reserve.run(c, ScriptOutputType.MULTI, k, retryAfter, want));
            reserveRounds.happened();
            for (int i = 0; i + 4 < out.size(); i += 5) {
                String original = (String) out.get(i);
                String reserved = (String) out.get(i + 1);
                String poison = (String) out.get(i + 4);
                if (!poison.isEmpty()) {
                    failPoison(queue, original, reserved, poison);
                    continue;
                }
                long attempts = Long.parseLong((String) out.get(i + 2));
                String id = (String) out.get(i + 3);
                jobs.add(new ReservedJob(id.isEmpty() ? idOf(original) : id, queue, original, attempts, reserved));
            }
        }
        return jobs;
    }

    /**
     * Fails an entry the reserve script could not take as a job, at once and fenced by its
     * reservation (given as hex: its bytes may not be text), so it ends in failed exactly once
     * and never takes a worker slot. A crash before this leaves it reserved; it comes back after
     * retry_after and is failed then.
     */
    private void failPoison(String queue, String original, String hexLease, String reason) {
        String exception = "InvalidPayload: the entry on Redis cannot be run: " + reason;
        if (!keys.cluster()) {
            failed.recordFencedHex(keys.reserved(queue), hexLease, connectionName(), queue, original, exception);
            return;
        }
        // on Cluster the failed keys are in another slot: record first, then drop the reservation
        long id = failed.record(connectionName(), queue, original, exception);
        String[] k = {keys.reserved(queue)};
        Long dropped = redis.call(c -> drop.run(c, ScriptOutputType.INTEGER, k, hexLease));
        if (dropped == null || dropped == 0) failed.forget(Long.toString(id));
    }

    @Override
    public boolean ack(ReservedJob job) {
        if (job.lease() == null) return false;
        Long removed = redis.call(c -> c.zrem(keys.reserved(job.queue()), job.lease()));
        return removed != null && removed == 1;
    }

    @Override
    public boolean release(ReservedJob job, String payload, Duration delay) {
        if (job.lease() == null) return false;
        String body = withAttempts(payload, job.attempts());
        String[] k = {
            keys.reserved(job.queue()), keys.delayed(job.queue()), keys.queue(job.queue()), keys.notify(job.queue())
        };
        Long ok = redis.call(c -> release.run(c, ScriptOutputType.INTEGER, k, job.lease(), body, seconds(delay)));
        return ok != null && ok == 1;
    }

    /** A release whose body carries the attempts from before this reservation, so it counts as none. */
    @Override
    public boolean postpone(ReservedJob job, Duration delay) {
        if (job.lease() == null) return false;
        String body = withAttempts(job.rawPayload(), Math.max(0, job.attempts() - 1));
        String[] k = {
            keys.reserved(job.queue()), keys.delayed(job.queue()), keys.queue(job.queue()), keys.notify(job.queue())
        };
        Long ok = redis.call(c -> release.run(c, ScriptOutputType.INTEGER, k, job.lease(), body, seconds(delay)));
        return ok != null && ok == 1;
    }

    @Override
    public boolean unreserve(ReservedJob job) {
        if (job.lease() == null) return false;
        String[] k = {keys.reserved(job.queue()), keys.queue(job.queue()), keys.notify(job.queue())};
        Long ok = redis.call(c -> unreserve.run(c, ScriptOutputType.INTEGER, k, job.lease(), job.rawPayload()));
        return ok != null && ok == 1;
    }

    @Override
    public boolean renew(ReservedJob job) {
        if (job.lease() == null) return false;
        String[] k = {keys.reserved(job.queue())};
        Long ok = redis.call(c -> renew.run(
                c,
                ScriptOutputType.INTEGER,
                k,
                job.lease(),
                Long.toString(retryAfter().toSeconds())));
        return ok != null && ok == 1;
    }

    /** One script call for every lease on one server (per queue on Cluster, where queues are in slots of their own). */
    @Override
    public List<Boolean> renewAll(List<ReservedJob> jobs) {
        Boolean[] held = new Boolean[jobs.size()];
        java.util.Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).lease() == null) held[i] = false;
            else
                groups.computeIfAbsent(keys.cluster() ? jobs.get(i).queue() : "", g -> new ArrayList<>())
                        .add(i);
        }
        String retryAfter = Long.toString(retryAfter().toSeconds());
        for (List<Integer> group : groups.values()) {
            String[] k =
                    group.stream().map(i -> keys.reserved(jobs.get(i).queue())).toArray(String[]::new);
            List<String> args = new ArrayList<>();
            args.add(retryAfter);
            group.forEach(i -> args.add(jobs.get(i).lease()));
            List<Object> out =
                    redis.call(c -> renewAllScript.run(c, ScriptOutputType.MULTI, k, args.toArray(String[]::new)));
            for (int j = 0; j < group.size(); j++) held[group.get(j)] = ((Long) out.get(j)) == 1;
        }
        return List.of(held);
    }

    @Override
    public boolean fail(ReservedJob job, String exception) {
        if (job.lease() == null) return false;
        if (keys.cluster()) {
            // the failed keys live in another slot, so on Cluster this is two steps. The record
            // comes first: a crash in between leaves the job both failed and reserved (it runs
            // again after retry_after, at-least-once), never gone without a trace.
            // Renewing first checks the reservation is still ours (and keeps it so for retry_after),
            // so a stale call never replaces the record of the job's real failure.
            if (!renew(job)) return false;
            long id = failed.record(connectionName(), job.queue(), job.rawPayload(), exception);
            if (ack(job)) return true;
            failed.forget(Long.toString(id)); // the reservation was lost: the job is not ours to fail
            return false;
        }
        return failed.recordFenced(
                        keys.reserved(job.queue()),
                        job.lease(),
                        connectionName(),
                        job.queue(),
                        job.rawPayload(),
                        exception)
                > 0;
    }

    /** Entries of each key one lookup script call reads: about a millisecond of server time. */
    private static final int FIND_SLICE = 1000;

    @Override
    public java.util.Optional<dev.qctl.queue.QueuedJob> findQueued(String id, java.util.Collection<String> queues) {
        String wanted = id.strip();
        if (wanted.isEmpty() || wanted.contains("\"")) return java.util.Optional.empty();
        for (String queue : queues) {
            String[] k = {keys.queue(queue), keys.delayed(queue), keys.reserved(queue)};
            for (int from = 0; ; from += FIND_SLICE) {
                String start = Integer.toString(from);
                List<Object> out = redis.call(
                        c -> findJob.run(c, ScriptOutputType.MULTI, k, wanted, start, Integer.toString(FIND_SLICE)));
                if (out.isEmpty()) break;
                if (out.size() == 2)
                    return java.util.Optional.of(new dev.qctl.queue.QueuedJob(
                            idOf((String) out.get(1)), queue, (String) out.get(0), (String) out.get(1)));
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public QueueSizes sizes(String queue) {
        String[] k = {keys.queue(queue), keys.delayed(queue), keys.reserved(queue)};
        List<Object> out = redis.call(c -> size.run(c, ScriptOutputType.MULTI, k));
        return new QueueSizes(queue, (Long) out.get(0), (Long) out.get(1), (Long) out.get(2), (Long) out.get(3));
    }

    @Override
    public long clear(String queue) {
        Long n = redis.call(c -> clear.run(c, ScriptOutputType.INTEGER, keys.all(queue)));
        return n == null ? 0 : n;
    }

    @Override
    public Locks locks() {
        return locks;
    }

    @Override
    public RateLimits rateLimits() {
        return rateLimits;
    }

    @Override
    public JobKeys jobKeys() {
        return jobKeys;
    }

    @Override
    public ScheduleHistory scheduleHistory() {
        return history;
    }

    @Override
    public FailedJobStore failedJobs() {
        return failed;
    }

    /**
     * Wakes the worker when a job is pushed, by BLPOP on the queues' notify lists (Laravel's
     * blocking pop), from a thread and connection of its own. With {@code block_for=0} the worker
     * polls instead. On Cluster each queue's list is in its own slot, so each gets a listener.
     */
    @Override
    public AutoCloseable onNewJobs(List<String> queues, Runnable wake) {
        Double blockFor = redis.endpoint().blockFor();
        if (queues.isEmpty() || blockFor != null && blockFor == 0) return () -> {};
        double seconds = blockFor != null ? blockFor : DEFAULT_BLOCK_SECONDS;
        // a block longer than the command timeout would be cut off by it (Cluster enforces it per command)
        seconds = Math.max(0.1, Math.min(seconds, redis.endpoint().timeout().toMillis() / 1000.0 - 0.5));
        List<NotifyListener> listeners = new ArrayList<>();
        if (keys.cluster()) {
            for (String q : new LinkedHashSet<>(queues))
                listeners.add(new NotifyListener(redis, List.of(keys.notify(q)), seconds, wake, reserveRounds));
        } else {
            List<String> notify =
                    new LinkedHashSet<>(queues).stream().map(keys::notify).toList();
            listeners.add(new NotifyListener(redis, notify, seconds, wake, reserveRounds));
        }
        return () -> listeners.forEach(NotifyListener::close);
    }

    @Override
    public List<Boolean> ackAll(List<ReservedJob> jobs) {
        Boolean[] applied = new Boolean[jobs.size()];
        java.util.Map<String, List<Integer>> byQueue = new java.util.LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i).lease() == null) applied[i] = false;
            else
                byQueue.computeIfAbsent(jobs.get(i).queue(), q -> new ArrayList<>())
                        .add(i);
        }
        for (var entry : byQueue.entrySet()) {
            String[] k = {keys.reserved(entry.getKey())};
            String[] leases =
                    entry.getValue().stream().map(i -> jobs.get(i).lease()).toArray(String[]::new);
            List<Object> out = redis.call(c -> ack.run(c, ScriptOutputType.MULTI, k, leases));
            for (int j = 0; j < leases.length; j++) applied[entry.getValue().get(j)] = ((Long) out.get(j)) == 1;
        }
        return List.of(applied);
    }

    @Override
    public WorkerRegistry workers() {
        return workers;
    }

    @Override
    public Batches batches() {
        return batches;
    }

    @Override
    public Controls controls() {
        return controls;
    }

    @Override
    public AppRestartSignal laravelRestartSignal(LaravelCache cache) {
        if (!cache.store().equals(LaravelCache.REDIS)) return QueueBackend.super.laravelRestartSignal(cache);
        return new RedisLaravelCache(redis, keys.laravelCache(cache));
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Adds what Laravel's RedisQueue adds to every payload: a random 32-character id, and attempts 0. */
    static Payload laravelEnvelope(Payload payload, String newId) {
        Payload p = payload;
        if (newId != null) p = p.with("id", newId);
        if (!p.has("attempts")) p = p.with("attempts", 0);
        return p;
    }

    static String randomId() {
        char[] id = new char[32];
        for (int i = 0; i < id.length; i++) id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        return new String(id);
    }

    /** A job's id: the payload's {@code id}, else its uuid, else a placeholder for unreadable payloads. */
    static String idOf(String raw) {
        try {
            JsonNode node = Json.parse(raw, "payload");
            String id = node.path("id").isValueNode() ? node.path("id").asText() : null;
            if (id == null || id.isEmpty()) id = node.path("uuid").asText(null);
            return id != null ? id : "unknown";
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    /** The body to store on release: the worker's payload with attempts as in the reserved copy. */
    private static String withAttempts(String payload, long attempts) {
        try {
            return Payload.parse(payload).with("attempts", attempts).toJson();
        } catch (RuntimeException e) {
            return payload; // unreadable bodies are stored as they are; the next attempt fails them
        }
    }

    /** Seconds as a decimal string, rounded up to the millisecond so a job is never available early. */
    static String seconds(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) return "0";
        long ms = (delay.toNanos() + 999_999) / 1_000_000;
        return Long.toString(ms / 1000) + "." + String.format("%03d", ms % 1000);
    }
}
