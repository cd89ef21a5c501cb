package dev.qctl.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.base.QctlException;
import dev.qctl.queue.Batch;
import dev.qctl.queue.BatchOptions;
import dev.qctl.queue.Batches;
import dev.qctl.queue.Json;
import dev.qctl.queue.LaravelBatchOptions;
import dev.qctl.queue.NoSuchBatchException;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Batches on Redis: a {@code qctl:batch:<id>} hash with job_batches' meaning (total, pending,
 * failed, failed_ids as a JSON array, times in store-clock Unix seconds) and its callbacks' ready
 * payloads, plus the {@code qctl:batches} index. Creating a batch with its jobs, and ending a
 * job with the batch's counts and callbacks, are each one Lua script ({@code batch_push},
 * {@code batch_finish}). The scripts touch the queues of a batch's jobs and callbacks together,
 * which Cluster's one-slot rule forbids, so batches need a single Redis (or Sentinel).
 */
final class RedisBatches implements Batches {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final String connectionName;
    private final LuaScript pushScript = LuaScript.load("batch_push");
    private final LuaScript finish = LuaScript.load("batch_finish");
    private final LuaScript cancelScript = LuaScript.load("batch_cancel");

    RedisBatches(RedisConnection redis, RedisKeys keys, String connectionName) {
        this.redis = redis;
        this.keys = keys;
        this.connectionName = connectionName;
    }

    @Override
    public List<String> create(String id, String name, BatchOptions options, List<PushRequest> jobs) {
        List<String> args = new ArrayList<>(List.of("create", id, name, options.allowFailures() ? "1" : "0"));
        args.add(Json.write(LaravelBatchOptions.toJson(options)));
        for (PushRequest cb : new PushRequest[] {options.then(), options.onFailure(), options.always()}) {
            if (cb == null) {
                args.addAll(List.of("", "", ""));
            } else {
                String payload = RedisQueueBackend.laravelEnvelope(cb.payload(), RedisQueueBackend.randomId())
                        .toJson();
                args.addAll(List.of(keys.queue(cb.queue()), keys.notify(cb.queue()), payload));
            }
        }
        return push(id, args, jobs);
    }

    @Override
    public List<String> add(String id, List<PushRequest> jobs) {
        List<String> args = new ArrayList<>(List.of("add", id));
        for (int i = 0; i < 12; i++) args.add("");
        return push(id, args, jobs);
    }

    private List<String> push(String id, List<String> args, List<PushRequest> jobs) {
        requireSingleRedis();
        Map<String, Integer> queues = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(jobs.size());
        for (PushRequest r : jobs) {
            int q = queues.computeIfAbsent(r.queue(), name -> queues.size());
            Payload payload = r.payload();
            String jobId = payload.has("id") ? null : RedisQueueBackend.randomId();
            String json = RedisQueueBackend.laravelEnvelope(payload, jobId).toJson();
            ids.add(jobId != null ? jobId : RedisQueueBackend.idOf(json));
            args.add(Integer.toString(q));
            args.add(RedisQueueBackend.seconds(r.delay()));
            args.add(json);
        }
        List<String> k = new ArrayList<>(List.of(keys.batch(id), keys.batchIndex()));
        for (String q : queues.keySet()) k.addAll(List.of(keys.queue(q), keys.delayed(q), keys.notify(q)));
        String[] kk = k.toArray(String[]::new);
        String[] aa = args.toArray(String[]::new);
        Long n = redis.call(c -> pushScript.run(c, ScriptOutputType.INTEGER, kk, aa));
        if (n != null && n < 0) throw new NoSuchBatchException(id);
        return ids;
    }

    @Override
    public Optional<Batch> find(String id) {
        return redis.call(c -> Optional.ofNullable(batch(c.hgetall(keys.batch(id)))));
    }

    @Override
    public List<Batch> list(int offset, int limit) {
        if (limit <= 0) return List.of();
        return redis.call(c -> {
            List<Batch> batches = new ArrayList<>();
            for (String id : c.zrevrange(keys.batchIndex(), offset, offset + limit - 1L)) {
                Batch b = batch(c.hgetall(keys.batch(id)));
                if (b != null) batches.add(b);
            }
            return batches;
        });
    }

    @Override
    public boolean cancel(String id) {
        String[] k = {keys.batch(id)};
        Long ok = redis.call(c -> cancelScript.run(c, ScriptOutputType.INTEGER, k));
        return ok != null && ok == 1;
    }

    @Override
    public boolean ack(ReservedJob job, String batchId) {
        return end("ack", job, batchId, "");
    }

    @Override
    public boolean fail(ReservedJob job, String batchId, String exception) {
        return end("fail", job, batchId, exception == null ? "" : exception);
    }

    private boolean end(String mode, ReservedJob job, String batchId, String exception) {
        if (job.lease() == null) return false;
        requireSingleRedis();
        String[] k = {
            keys.reserved(job.queue()), keys.batch(batchId), keys.failedSeq(), keys.failedIds(), keys.failedUuids()
        };
        Long ok = redis.call(c -> finish.run(
                c,
                ScriptOutputType.INTEGER,
                k,
                mode,
                job.lease(),
                uuidOf(job.rawPayload()),
                keys.failedJob(),
                connectionName,
                job.queue(),
                job.rawPayload(),
                exception));
        return ok != null && ok == 1;
    }

    /** Removes what matches; a batch that finishes meanwhile is judged by what it was when read. */
    @Override
    public long prune(Instant finished, Instant unfinished, Instant cancelled) {
        return redis.call(c -> {
            long n = 0;
            for (String id : c.zrange(keys.batchIndex(), 0, -1)) {
                Batch b = batch(c.hgetall(keys.batch(id)));
                boolean drop = b == null
                        || finished != null && b.finished() && b.finishedAt() < finished.getEpochSecond()
                        || unfinished != null && !b.finished() && b.createdAt() < unfinished.getEpochSecond()
                        || cancelled != null && b.cancelled() && b.createdAt() < cancelled.getEpochSecond();
                if (!drop) continue;
                c.del(keys.batch(id));
                c.zrem(keys.batchIndex(), id);
                if (b != null) n++;
            }
            return n;
        });
    }

    private void requireSingleRedis() {
        if (keys.cluster())
            throw new QctlException(
                    1, "batches need a single Redis server or Sentinel; Redis Cluster is not supported");
    }

    private static Batch batch(Map<String, String> h) {
        if (h == null || h.isEmpty()) return null;
        List<String> failedIds = new ArrayList<>();
        JsonNode ids = Json.parse(h.getOrDefault("failed_ids", "[]"), "failed_ids");
        ids.forEach(n -> failedIds.add(n.asText()));
        return new Batch(
                h.get("id"),
                h.get("name"),
                Integer.parseInt(h.getOrDefault("total", "0")),
                Integer.parseInt(h.getOrDefault("pending", "0")),
                Integer.parseInt(h.getOrDefault("failed", "0")),
                failedIds,
                "1".equals(h.get("allow_failures")),
                Long.parseLong(h.getOrDefault("created_at", "0")),
                h.containsKey("cancelled_at") ? Long.valueOf(h.get("cancelled_at")) : null,
                h.containsKey("finished_at") ? Long.valueOf(h.get("finished_at")) : null);
    }

    private static String uuidOf(String raw) {
        try {
            String uuid = Payload.parse(raw).uuid();
            if (uuid != null && !uuid.isBlank()) return uuid;
        } catch (RuntimeException ignored) {
            // an unreadable payload is still recorded, under a uuid of its own
        }
        return UUID.randomUUID().toString();
    }
}
