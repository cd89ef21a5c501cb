package dev.qctl.redis;

import dev.qctl.queue.AppRestartSignal;
import dev.qctl.queue.PhpCacheValue;

/** Laravel's Redis cache store, for its restart entry: {@code RedisStore::forever} writes a number as is. */
final class RedisLaravelCache implements AppRestartSignal {
    private final RedisConnection redis;
    private final String key;

    RedisLaravelCache(RedisConnection redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    @Override
    public long read() {
        return PhpCacheValue.read(redis.call(c -> c.get(key)));
    }

    @Override
    public void write(long signal) {
        redis.call(c -> c.set(key, Long.toString(signal)));
    }
}
