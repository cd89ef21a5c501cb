package dev.qctl.redis;

import dev.qctl.queue.JobKeys;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;

/**
 * Dispatch ids and unique keys as named locks ({@code id:KEY}, {@code unique:KEY} in
 * {@link RedisLocks}' key space): one script takes
 * the key and pushes the job, and one acks the job and frees the key, so neither a racing
 * dispatcher nor a worker killed at the wrong moment leaves a key and its job out of step. On
 * Cluster the lock keys live in a slot of their own, so there each is two steps: the key first,
 * then the push (a dispatcher killed in between leaves the key held until it expires); the ack
 * first, then the key.
 */
final class RedisJobKeys implements JobKeys {
    /** How long a queued job holds its key: until it leaves the queue, in practice. */
    private static final long WHILE_QUEUED_MS = 10L * 365 * 24 * 3600 * 1000;

    private final RedisQueueBackend queue;
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final LuaScript push = LuaScript.load("key_push");
    private final LuaScript finish = LuaScript.load("key_finish");

    RedisJobKeys(RedisQueueBackend queue, RedisConnection redis, RedisKeys keys) {
        this.queue = queue;
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Pushed push(String name, Duration holdAtMost, PushRequest request) {
        String hold = Long.toString(holdAtMost == null ? WHILE_QUEUED_MS : Math.max(1, holdAtMost.toMillis()));
        String id = RedisQueueBackend.randomId();
        String body = RedisQueueBackend.laravelEnvelope(request.payload(), id).toJson();
        String q = request.queue();
        String[] k = {keys.lockPrefix() + name, keys.lockIndex(), keys.queue(q), keys.delayed(q), keys.notify(q)};
        String[] args = keys.cluster()
                ? new String[] {name, id, hold}
                : new String[] {name, id, hold, RedisQueueBackend.seconds(request.delay()), body};
        String[] lockKeys = keys.cluster() ? new String[] {k[0], k[1]} : k;
        List<Object> out = redis.call(c -> push.run(c, ScriptOutputType.MULTI, lockKeys, args));
        boolean pushed = ((Long) out.get(0)) == 1;
        String holder = String.valueOf(out.get(1));
        if (pushed && keys.cluster())
            queue.push(new PushRequest(q, request.payload().with("id", id), request.delay()));
        return new Pushed(holder, !pushed);
    }

    @Override
    public boolean ackFreeing(ReservedJob job, String name, Duration keep) {
        if (job.lease() == null) return false;
        if (keys.cluster()) {
            if (!queue.ack(job)) return false;
            free(name, job.id(), keep);
            return true;
        }
        String[] k = {keys.lockPrefix() + name, keys.lockIndex(), keys.reserved(job.queue())};
        Long done = redis.call(c -> finish.run(c, ScriptOutputType.INTEGER, k, name, job.id(), ms(keep), job.lease()));
        return done != null && done == 1;
    }

    @Override
    public void free(String name, String jobId, Duration keep) {
        String[] k = {keys.lockPrefix() + name, keys.lockIndex(), keys.lockIndex()};
        redis.call(c -> finish.run(c, ScriptOutputType.INTEGER, k, name, jobId, ms(keep), ""));
    }

    private static String ms(Duration keep) {
        return Long.toString(Math.max(0, keep.toMillis()));
    }
}
