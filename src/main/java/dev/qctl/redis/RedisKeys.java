package dev.qctl.redis;

/**
 * Laravel's Redis key layout under the connection's prefix: {@code queues:NAME} (list of ready
 * jobs), {@code :delayed} and {@code :reserved} (sorted sets scored by Unix time) and
 * {@code :notify} (wake-up tokens). On Cluster the queue name is hash-tagged ({@code {NAME}}) so
 * one queue's keys share a slot, as Laravel does. Failed jobs live under {@code qctl:failed:}
 * ({@code qctl:{failed}:} on Cluster, so the failed-store scripts stay in one slot); worker
 * heartbeats and fleet signals under {@code qctl:} ({@code qctl:{fleet}:} on Cluster).
 */
final class RedisKeys {
    private final String prefix;
    private final boolean cluster;

    RedisKeys(String prefix, boolean cluster) {
        this.prefix = prefix == null ? "" : prefix;
        this.cluster = cluster;
    }

    String queue(String name) {
        return prefix + "queues:" + (cluster ? "{" + name + "}" : name);
    }

    String delayed(String name) {
        return queue(name) + ":delayed";
    }

    String reserved(String name) {
        return queue(name) + ":reserved";
    }

    String notify(String name) {
        return queue(name) + ":notify";
    }

    /**
     * Where a bulk push stages one queue's jobs until it publishes them all at once: list,
     * delayed and notify keys beside the queue's own (same Cluster slot), unknown to Laravel.
     */
    String[] staging(String name, String token) {
        String base = queue(name) + ":qctl-staging:" + token;
        return new String[] {base, base + ":delayed", base + ":notify"};
    }

    /** The four keys of a queue, in the order the scripts take them: list, delayed, reserved, notify. */
    String[] all(String name) {
        return new String[] {queue(name), delayed(name), reserved(name), notify(name)};
    }

    /** Prefix of the per-job failed hashes ({@code qctl:failed:<id>}). */
    String failedJob() {
        return prefix + (cluster ? "qctl:{failed}:" : "qctl:failed:");
    }

    String failedSeq() {
        return failedJob() + "seq";
    }

    String failedIds() {
        return failedJob() + "ids";
    }

    String failedUuids() {
        return failedJob() + "uuids";
    }

    /** Prefix of the named locks ({@code qctl:lock:<name>}; {@code qctl:{locks}:} on Cluster, one slot with the index). */
    String lockPrefix() {
        return prefix + (cluster ? "qctl:{locks}:" : "qctl:lock:");
    }

    /** Sorted set of held lock names, scored by expiry (ms), for listing. */
    String lockIndex() {
        return prefix + (cluster ? "qctl:{locks}" : "qctl:locks");
    }

    /** A rate limit's sorted set of recent start times ({@code qctl:limit:<name>}). */
    String limit(String name) {
        return prefix + "qctl:limit:" + name;
    }

    /** The list of an entry's last runs (newest first, JSON). */
    String scheduleRuns(String entry) {
        return prefix + (cluster ? "qctl:{schedule}:runs:" : "qctl:schedule:runs:") + entry;
    }

    /** Prefix of the fleet's keys: heartbeats and signals, one hash slot on Cluster so a script may take them all. */
    private String fleet() {
        return prefix + (cluster ? "qctl:{fleet}:" : "qctl:");
    }

    /** Sorted set of live workers' ids, scored by expiry (Unix seconds, store time). */
    String workers() {
        return fleet() + "workers";
    }

    /** Prefix of the workers' heartbeat hashes ({@code qctl:worker:<id>}, with a TTL). */
    String worker() {
        return fleet() + "worker:";
    }

    /** The restart signal (Unix seconds, store time). */
    String restart() {
        return fleet() + "restart";
    }

    /** Set of paused queue names. */
    String paused() {
        return fleet() + "paused";
    }

    /** A batch's hash ({@code qctl:batch:<id>}). */
    String batch(String id) {
        return prefix + "qctl:batch:" + id;
    }

    /** Sorted set of batch ids, scored by creation time (ms, store time), for listing newest first. */
    String batchIndex() {
        return prefix + "qctl:batches";
    }

    boolean cluster() {
        return cluster;
    }

    /** A Laravel cache store's restart key: the connection's prefix, then the cache's own. */
    String laravelCache(dev.qctl.queue.LaravelCache cache) {
        return prefix + cache.restartKey();
    }
}
