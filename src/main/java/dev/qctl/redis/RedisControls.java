package dev.qctl.redis;

import dev.qctl.queue.Controls;
import io.lettuce.core.ScriptOutputType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fleet signals on Redis: {@code qctl:restart} (Unix seconds, store time) and the set
 * {@code qctl:paused} of paused queues, under the connection's prefix.
 */
final class RedisControls implements Controls {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final LuaScript restart = LuaScript.load("restart");
    private final LuaScript controls = LuaScript.load("controls");

    RedisControls(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public long restart() {
        String[] k = {keys.restart()};
        Long signal = redis.call(c -> restart.run(c, ScriptOutputType.INTEGER, k));
        return signal == null ? 0 : signal;
    }

    @Override
    public void pause(String queue) {
        redis.call(c -> c.sadd(keys.paused(), queue));
    }

    @Override
    public boolean resume(String queue) {
        Long removed = redis.call(c -> c.srem(keys.paused(), queue));
        return removed != null && removed > 0;
    }

    @Override
    public State read() {
        String[] k = {keys.restart(), keys.paused()};
        List<Object> out = redis.call(c -> controls.run(c, ScriptOutputType.MULTI, k));
        Set<String> paused = new HashSet<>();
        for (int i = 1; i < out.size(); i++) paused.add((String) out.get(i));
        return new State(Long.parseLong((String) out.getFirst()), Set.copyOf(paused));
    }
}
