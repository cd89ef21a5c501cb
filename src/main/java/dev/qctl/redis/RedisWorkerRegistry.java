package dev.qctl.redis;

import dev.qctl.queue.WorkerInfo;
import dev.qctl.queue.WorkerRegistry;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Heartbeats on Redis: a hash {@code qctl:worker:<id>} per worker (its JSON and the store's time
 * of the beat) that expires by itself after the TTL, and the sorted set {@code qctl:workers} of
 * ids scored by expiry, pruned by every beat and every listing.
 */
final class RedisWorkerRegistry implements WorkerRegistry {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final LuaScript beat = LuaScript.load("beat");
    private final LuaScript workers = LuaScript.load("workers");

    RedisWorkerRegistry(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void beat(WorkerInfo worker, Duration ttl) {
        String[] k = {keys.workers(), keys.worker() + worker.id()};
        String seconds = Long.toString(Math.max(1, ttl.toSeconds()));
        redis.call(c -> beat.run(c, ScriptOutputType.INTEGER, k, worker.id(), worker.toJson(), seconds));
    }

    @Override
    public List<WorkerInfo> list() {
        String[] k = {keys.workers()};
        List<Object> out = redis.call(c -> workers.run(c, ScriptOutputType.MULTI, k, keys.worker()));
        List<WorkerInfo> live = new ArrayList<>();
        for (int i = 1; i + 1 < out.size(); i += 2) {
            live.add(WorkerInfo.fromJson((String) out.get(i)).seenAt(Long.parseLong((String) out.get(i + 1))));
        }
        return live;
    }

    @Override
    public boolean remove(String id) {
        Long removed = redis.call(c -> c.zrem(keys.workers(), id));
        redis.call(c -> c.del(keys.worker() + id));
        return removed != null && removed > 0;
    }

    @Override
    public int prune() {
        long now = now();
        Long removed = redis.call(c -> c.zremrangebyscore(keys.workers(), io.lettuce.core.Range.create(0, now)));
        return removed == null ? 0 : removed.intValue();
    }

    @Override
    public long now() {
        List<String> time = redis.call(c -> c.time());
        return Long.parseLong(time.getFirst());
    }
}
