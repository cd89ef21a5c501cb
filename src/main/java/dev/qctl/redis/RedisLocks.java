package dev.qctl.redis;

import dev.qctl.queue.Locks;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locks as Redis strings ({@code SET NX PX}: the server's clock expires them), released by a Lua
 * compare-and-delete so only the owner frees its lock; a sorted set indexes the names for
 * listing ({@link RedisKeys#lockIndex()}).
 */
final class RedisLocks implements Locks {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final LuaScript acquire = LuaScript.load("lock_acquire");
    private final LuaScript release = LuaScript.load("lock_release");
    private final LuaScript list = LuaScript.load("lock_list");
    private final LuaScript acquireAll = LuaScript.load("lock_acquire_all");
    private final LuaScript releaseAll = LuaScript.load("lock_release_all");

    RedisLocks(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public boolean acquire(String name, String owner, Duration ttl) {
        long ms = Math.max(1, (long) Math.ceil(ttl.toMillis() / 1000.0)) * 1000;
        String[] k = {keys.lockPrefix() + name, keys.lockIndex()};
        Long taken = redis.call(c -> acquire.run(c, ScriptOutputType.INTEGER, k, owner, Long.toString(ms), name));
        return taken != null && taken == 1;
    }

    @Override
    public boolean release(String name, String owner) {
        String[] k = {keys.lockPrefix() + name, keys.lockIndex()};
        Long done = redis.call(c -> release.run(c, ScriptOutputType.INTEGER, k, owner, name));
        return done != null && done == 1;
    }

    /** One script call for the whole list (on Cluster every lock shares the index's slot). */
    @Override
    public List<Boolean> acquireAll(List<String> names, String owner, Duration ttl) {
        if (names.isEmpty()) return List.of();
        long ms = Math.max(1, (long) Math.ceil(ttl.toMillis() / 1000.0)) * 1000;
        List<String> args = new ArrayList<>(List.of(owner, Long.toString(ms)));
        args.addAll(names);
        List<Object> taken = redis.call(
                c -> acquireAll.run(c, ScriptOutputType.MULTI, lockKeys(names), args.toArray(String[]::new)));
        return taken.stream().map(t -> Long.valueOf(1).equals(t)).toList();
    }

    @Override
    public void releaseAll(List<String> names, String owner) {
        if (names.isEmpty()) return;
        List<String> args = new ArrayList<>(List.of(owner));
        args.addAll(names);
        redis.call(c -> releaseAll.run(c, ScriptOutputType.INTEGER, lockKeys(names), args.toArray(String[]::new)));
    }

    /** The locks' keys, then the index: the scripts' KEYS. */
    private String[] lockKeys(List<String> names) {
        String[] k = new String[names.size() + 1];
        for (int i = 0; i < names.size(); i++) k[i] = keys.lockPrefix() + names.get(i);
        k[names.size()] = keys.lockIndex();
        return k;
    }

    @Override
    public Optional<Held> holder(String name) {
        return held(name).stream().filter(h -> h.name().equals(name)).findFirst();
    }

    @Override
    public List<Held> held(String prefix) {
        String[] k = {keys.lockIndex()};
        List<Object> flat = redis.call(c -> list.run(c, ScriptOutputType.MULTI, k, keys.lockPrefix()));
        List<Held> held = new ArrayList<>();
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            String name = String.valueOf(flat.get(i));
            if (!name.startsWith(prefix)) continue;
            held.add(new Held(
                    name,
                    String.valueOf(flat.get(i + 1)),
                    Instant.ofEpochMilli(Long.parseLong(String.valueOf(flat.get(i + 2))))));
        }
        held.sort(java.util.Comparator.comparing(Held::name));
        return held;
    }

    @Override
    public boolean clear(String name) {
        Long removed = redis.call(c -> c.del(keys.lockPrefix() + name));
        redis.call(c -> c.zrem(keys.lockIndex(), name));
        return removed != null && removed > 0;
    }
}
