package dev.qctl.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.Json;
import dev.qctl.queue.ScheduleHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The scheduler's run history: one list per entry of JSON runs, newest first, trimmed to {@link #KEEP}. */
final class RedisScheduleHistory implements ScheduleHistory {
    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisScheduleHistory(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void record(Run run) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("entry", run.entry());
        json.put("started_at", run.startedAt().toEpochMilli());
        json.put("duration_ms", run.duration().toMillis());
        json.put("status", run.status());
        json.put("host", run.host());
        String key = keys.scheduleRuns(run.entry());
        redis.call(c -> c.lpush(key, json.toString()));
        redis.call(c -> c.ltrim(key, 0, KEEP - 1));
    }

    @Override
    public List<Run> last(String entry, int limit) {
        if (limit <= 0) return List.of();
        List<String> raw = redis.call(c -> c.lrange(keys.scheduleRuns(entry), 0, limit - 1));
        List<Run> runs = new ArrayList<>();
        for (String r : raw) {
            JsonNode n = Json.parse(r, "schedule run");
            runs.add(new Run(
                    n.path("entry").asText(),
                    Instant.ofEpochMilli(n.path("started_at").asLong()),
                    Duration.ofMillis(n.path("duration_ms").asLong()),
                    n.path("status").asText(),
                    n.path("host").asText()));
        }
        return runs;
    }
}
