package dev.qctl.redis;

import dev.qctl.queue.RateLimits;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Rate limits as one sorted set of start times per limit, trimmed and counted in one script. */
final class RedisRateLimits implements RateLimits {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final LuaScript take = LuaScript.load("limit_take");
    private final LuaScript window = LuaScript.load("limit_window");

    RedisRateLimits(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Duration take(String name, int max, Duration period) {
        String[] k = {keys.limit(name)};
        Long wait = redis.call(c -> take.run(
                c,
                ScriptOutputType.INTEGER,
                k,
                Integer.toString(max),
                Long.toString(Math.max(1, period.toMillis()) + guardMs(period)),
                UUID.randomUUID().toString()));
        return wait == null || wait == 0 ? Duration.ZERO : Duration.ofMillis(wait);
    }

    @Override
    public Window window(String name, Duration period) {
        String[] k = {keys.limit(name)};
        List<Object> counted = redis.call(c -> window.run(
                c, ScriptOutputType.MULTI, k, Long.toString(Math.max(1, period.toMillis()) + guardMs(period))));
        return new Window(
                name,
                Integer.parseInt(String.valueOf(counted.get(0))),
                Duration.ofMillis(Long.parseLong(String.valueOf(counted.get(1)))));
    }

    /**
     * A start is counted a little longer than the period (a tenth, at most a second), because a
     * job starts a moment after its start is taken and that moment varies: without it, jobs taken
     * at a window's end and started late could meet jobs started promptly in the next within one
     * period. The SQL stores get the same slack from whole seconds rounded up.
     */
    static long guardMs(Duration period) {
        return Math.min(1000, Math.max(1, period.toMillis()) / 10);
    }
}
