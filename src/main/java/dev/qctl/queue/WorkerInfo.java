package dev.qctl.queue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One worker's heartbeat, as {@code qctl work} writes it and {@code qctl workers}, {@code monitor}
 * and {@code health} read it. Times are whole Unix seconds; {@code lastSeen} is set by the store's
 * clock when the beat is written, so skew between hosts does not age an entry.
 *
 * @param id          unique key of the entry: the name, plus {@code host:pid} when the name is not unique
 * @param name        {@code --name}, else {@code host:pid}
 * @param connection  the connection's name
 * @param queues      queues in priority order
 * @param version     qctl's version
 * @param startedAt   when the worker started (Unix seconds, the worker's clock)
 * @param lastSeen    when the store received the last beat (Unix seconds, the store's clock; 0 when writing)
 * @param processed   jobs finished (any outcome)
 * @param failed      jobs failed for good
 * @param released    jobs released for a retry
 * @param lastMinute  jobs finished in the minute before the beat
 * @param running     the jobs running at the beat, with their ages then
 * @param paused      whether the worker takes no jobs (SIGUSR2)
 * @param stopping    whether the worker is finishing its jobs before it exits
 * @param processedByQueue jobs finished (any outcome) per queue since the worker started (the
 *                    dashboard's throughput per queue); empty in a beat from before qctl wrote it
 */
// a field a later qctl adds to the beat must not make this one's `workers` fail
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerInfo(
        String id,
        String name,
        String host,
        long pid,
        String connection,
        List<String> queues,
        int concurrency,
        String version,
        long startedAt,
        long lastSeen,
        long processed,
        long failed,
        long released,
        long lastMinute,
        List<RunningJob> running,
        boolean paused,
        boolean stopping,
        Map<String, Long> processedByQueue) {

    public WorkerInfo {
        processedByQueue = processedByQueue == null ? Map.of() : Map.copyOf(processedByQueue);
    }

    /** A job running at the beat: its id, queue, display name and age in seconds then. */
    public record RunningJob(String id, String queue, String name, long ageSeconds) {}

    /** This entry with the store's time of the beat. */
    public WorkerInfo seenAt(long storeSeconds) {
        return new WorkerInfo(
                id,
                name,
                host,
                pid,
                connection,
                queues,
                concurrency,
                version,
                startedAt,
                storeSeconds,
                processed,
                failed,
                released,
                lastMinute,
                running,
                paused,
                stopping,
                processedByQueue);
    }

    public String toJson() {
        return Json.write(this);
    }

    public static WorkerInfo fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, WorkerInfo.class);
        } catch (java.io.IOException e) {
            throw new InvalidPayloadException("unreadable worker entry: " + e.getMessage());
        }
    }
}
