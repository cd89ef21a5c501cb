package dev.qctl.redis;

import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.FailedJobPage;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.Payload;
import io.lettuce.core.ScriptOutputType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Failed jobs on Redis (Laravel has no Redis failed store, so the layout is qctl's):
 * {@code qctl:failed:<id>} hashes with failed_jobs' columns, {@code qctl:failed:ids} (sorted
 * set scored by id, so newest first is a reverse range), {@code qctl:failed:uuids} (uuid → id)
 * and {@code qctl:failed:seq} (INCR for numeric ids). failed_at is the store's clock, in ms.
 */
final class RedisFailedJobStore implements FailedJobStore {
    private final RedisConnection redis;
    private final RedisKeys keys;
    private final LuaScript fail;
    private final LuaScript forget = LuaScript.load("forget");
    private final LuaScript flush = LuaScript.load("flush");
    private final LuaScript failedPage = LuaScript.load("failed_page");
    private final LuaScript failedBefore = LuaScript.load("failed_before");
    private final LuaScript failedQueues = LuaScript.load("failed_queues");
    private final LuaScript failedFind = LuaScript.load("failed_find");
    /** Records one filtered page reads at most before it returns what it found. */
    private static final int PAGE_SCAN = 20_000;
    /** Records whose queue one counting script call reads. */
    private static final int QUEUE_PAGE = 5000;
    /** Failed records one listing round trip fetches. */
    private static final int LIST_PAGE = 1000;
    /** Failed records one flush script call deletes at most: a few ms of server time, so others are not stalled. */
    private static final String FLUSH_BATCH = "1000";

    RedisFailedJobStore(RedisConnection redis, RedisKeys keys, LuaScript fail) {
        this.redis = redis;
        this.keys = keys;
        this.fail = fail;
    }

    @Override
    public long record(String connection, String queue, String payload, String exception) {
        return recordFenced(null, null, connection, queue, payload, exception);
    }

    /**
     * Records a failure; with a reservation, only if the reservation's exact copy can still be
     * removed from {@code reservedKey}, in the same script. Returns the id, or 0 when fenced out.
     */
    long recordFenced(
            String reservedKey, String lease, String connection, String queue, String payload, String exception) {
        return recordWith(reservedKey, lease == null ? "" : "r" + lease, connection, queue, payload, exception);
    }

    /** As {@link #recordFenced}, the reservation given by its copy's bytes in hex (a poison entry's). */
    long recordFencedHex(
            String reservedKey, String hexLease, String connection, String queue, String payload, String exception) {
        return recordWith(reservedKey, "h" + hexLease, connection, queue, payload, exception);
    }

    private long recordWith(
            String reservedKey, String fence, String connection, String queue, String payload, String exception) {
        String[] k = {
            reservedKey == null ? keys.failedIds() : reservedKey, keys.failedSeq(), keys.failedIds(), keys.failedUuids()
        };
        Long id = redis.call(c -> fail.run(
                c,
                ScriptOutputType.INTEGER,
                k,
                fence,
                keys.failedJob(),
                uuidOf(payload),
                connection,
                queue,
                payload,
                exception == null ? "" : exception));
        return id == null ? 0 : id;
    }

    @Override
    public List<FailedJob> list(String queue) {
        String[] k = {keys.failedIds()};
        String size = Integer.toString(LIST_PAGE);
        List<FailedJob> jobs = new ArrayList<>();
        for (int start = 0; ; start += LIST_PAGE) {
            String from = Integer.toString(start);
            List<Object> page =
                    redis.call(c -> failedPage.run(c, ScriptOutputType.MULTI, k, keys.failedJob(), from, size));
            for (Object fields : page) {
                FailedJob job = row(asMap(fields));
                if (job != null && (queue == null || queue.equals(job.queue()))) jobs.add(job);
            }
            if (page.size() < LIST_PAGE) return jobs;
        }
    }

    /**
     * Walks the id index down from {@code beforeId}, a script call per stretch of records, and
     * filters here (Redis has no query to do it): a page whose filter matches little stops after
     * {@link #PAGE_SCAN} records and hands back where it got to, so no request reads the whole store.
     */
    @Override
    public FailedJobPage page(FailedJobFilter filter, long beforeId, int limit) {
        String[] k = {keys.failedIds()};
        List<FailedJob> jobs = new ArrayList<>();
        String below = beforeId > 0 ? "(" + beforeId : "+inf";
        // unfiltered, no more records a call than the page needs and one to tell there are more (retry all's
        // pages of 500 read 501, not a thousand); a filter may skip many, so it reads whole stretches
        int stretchSize = filter.equals(FailedJobFilter.ALL) ? (int) Math.min(LIST_PAGE, limit + 1L) : LIST_PAGE;
        int scanned = 0;
        while (true) {
            String from = below;
            List<Object> stretch = redis.call(c -> failedBefore.run(
                    c, ScriptOutputType.MULTI, k, keys.failedJob(), from, Integer.toString(stretchSize)));
            long lastId = 0;
            for (Object fields : stretch) {
                FailedJob job = row(asMap(fields));
                scanned++;
                if (job == null) continue;
                lastId = job.id();
                if (!filter.matches(job)) continue;
                if (jobs.size() == limit)
                    return new FailedJobPage(jobs, jobs.getLast().id());
                jobs.add(job);
            }
            if (stretch.size() < stretchSize || lastId == 0) return new FailedJobPage(jobs, 0);
            if (scanned >= PAGE_SCAN) return new FailedJobPage(jobs, lastId);
            below = "(" + lastId;
        }
    }

    @Override
    public Map<String, Long> countByQueue() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        String[] k = {keys.failedIds()};
        for (int start = 0; ; start += QUEUE_PAGE) {
            String from = Integer.toString(start);
            List<Object> queues = redis.call(c -> failedQueues.run(
                    c, ScriptOutputType.MULTI, k, keys.failedJob(), from, Integer.toString(QUEUE_PAGE)));
            for (Object q : queues) if (q instanceof String name) counts.merge(name, 1L, Long::sum);
            if (queues.size() < QUEUE_PAGE) return counts;
        }
    }

    /** A HGETALL reply from a script (field, value, ...) as a map. */
    private static Map<String, String> asMap(Object fields) {
        Map<String, String> map = new java.util.HashMap<>();
        if (fields instanceof List<?> flat)
            for (int i = 0; i + 1 < flat.size(); i += 2) map.put((String) flat.get(i), (String) flat.get(i + 1));
        return map;
    }

    @Override
    public Optional<FailedJob> find(String idOrUuid) {
        return redis.call(c -> {
            String id = isNumeric(idOrUuid) && c.zscore(keys.failedIds(), idOrUuid) != null
                    ? idOrUuid
                    : c.hget(keys.failedUuids(), idOrUuid);
            return id == null
                    ? Optional.<FailedJob>empty()
                    : Optional.ofNullable(row(c.hgetall(keys.failedJob() + id)));
        });
    }

    /** One script call for the whole list, where {@link #find} takes two round trips a record. */
    @Override
    public List<Optional<FailedJob>> findAll(List<String> idsOrUuids) {
        if (idsOrUuids.isEmpty()) return List.of();
        String[] k = {keys.failedIds(), keys.failedUuids()};
        List<String> args = new ArrayList<>(List.of(keys.failedJob()));
        args.addAll(idsOrUuids);
        List<Object> records =
                redis.call(c -> failedFind.run(c, ScriptOutputType.MULTI, k, args.toArray(String[]::new)));
        return records.stream().map(r -> Optional.ofNullable(row(asMap(r)))).toList();
    }

    @Override
    public long forgetAll(List<String> idsOrUuids) {
        if (idsOrUuids.isEmpty()) return 0;
        String[] k = {keys.failedIds(), keys.failedUuids()};
        List<String> args = new ArrayList<>(List.of(keys.failedJob()));
        args.addAll(idsOrUuids);
        Long n = redis.call(c -> forget.run(c, ScriptOutputType.INTEGER, k, args.toArray(String[]::new)));
        return n == null ? 0 : n;
    }

    @Override
    public boolean forget(String idOrUuid) {
        String[] k = {keys.failedIds(), keys.failedUuids()};
        Long n = redis.call(c -> forget.run(c, ScriptOutputType.INTEGER, k, keys.failedJob(), idOrUuid));
        return n != null && n > 0;
    }

    @Override
    public long flush(Instant failedAtOrBefore) {
        String[] k = {keys.failedIds(), keys.failedUuids()};
        String cutoff = failedAtOrBefore == null ? "" : Long.toString(failedAtOrBefore.toEpochMilli());
        long n = 0;
        String after = "";
        do {
            String from = after;
            List<Object> out = redis.call(
                    c -> flush.run(c, ScriptOutputType.MULTI, k, keys.failedJob(), cutoff, from, FLUSH_BATCH));
            n += (Long) out.get(0);
            after = (String) out.get(1);
        } while (!after.isEmpty());
        return n;
    }

    private static FailedJob row(Map<String, String> h) {
        if (h == null || h.isEmpty() || h.get("id") == null) return null;
        String at = h.get("failed_at");
        return new FailedJob(
                Long.parseLong(h.get("id")),
                h.get("uuid"),
                h.get("connection"),
                h.get("queue"),
                h.get("payload"),
                h.get("exception"),
                at == null ? null : Instant.ofEpochMilli(Long.parseLong(at)));
    }

    private static boolean isNumeric(String key) {
        return !key.isEmpty() && key.length() < 19 && key.chars().allMatch(Character::isDigit);
    }

    /** The payload's uuid, or a fresh one for a payload too broken to carry its own. */
    private static String uuidOf(String payload) {
        try {
            String uuid = Payload.parse(payload).uuid();
            if (uuid != null && !uuid.isBlank()) return uuid;
        } catch (RuntimeException ignored) {
            // unreadable payloads are still recorded, under a uuid of their own
        }
        return UUID.randomUUID().toString();
    }
}
