package dev.qctl.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.Json;
import dev.qctl.queue.WorkerInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueHistoryTest {
    static final long START = 1_800_000_000L - 1_800_000_000L % 60; // on a minute boundary

    private static WorkerInfo worker(String id, long startedAt, Map<String, Long> done) {
        return new WorkerInfo(
                id,
                id,
                "host",
                1,
                "main",
                List.of("q"),
                1,
                "dev",
                startedAt,
                0,
                0,
                0,
                0,
                0,
                List.of(),
                false,
                false,
                done);
    }

    private static JsonNode row(QueueHistory h, String queue, long now) {
        ObjectNode row = Json.MAPPER.createObjectNode();
        h.write(row, queue, now);
        return row;
    }

    @Test
    void finishedJobsAreTheCountersDifferencesAndAWorkerSeenRunningBeforeTheStartCountsFromThere() {
        QueueHistory h = new QueueHistory(START);
        WorkerInfo old = worker("old", START - 3600, Map.of("q", 500L));
        h.sample(START + 1, Map.of("q", 4L), List.of(old)); // its 500 happened before: not this hour's
        h.sample(START + 3, Map.of("q", 9L), List.of(worker("old", START - 3600, Map.of("q", 507L))));
        // a worker started since counts from zero; one restarted (counter went down) too
        h.sample(
                START + 61,
                Map.of("q", -1L),
                List.of(worker("old", START - 3600, Map.of("q", 2L)), worker("new", START + 30, Map.of("q", 5L))));

        JsonNode row = row(h, "q", START + 61);
        assertThat(row.get("throughput")).hasSize(QueueHistory.MINUTES);
        assertThat(row.get("throughput").get(58).asLong()).isEqualTo(7);
        assertThat(row.get("throughput").get(59).asLong()).isEqualTo(7);
        assertThat(row.get("wait").get(58).asLong()).isEqualTo(9); // the longest wait of the minute
        assertThat(row.get("wait").get(59).asLong()).isZero(); // nothing pending
        assertThat(row.get("throughput").get(0).isNull()).isTrue(); // before the start
    }

    @Test
    void anHourLaterAMinutesSlotIsReusedAndTheOldMinuteIsGone() {
        QueueHistory h = new QueueHistory(START);
        h.sample(START + 5, Map.of("q", 30L), List.of());
        assertThat(row(h, "q", START + 5).get("wait").get(59).asLong()).isEqualTo(30);

        long anHourOn = START + 60L * QueueHistory.MINUTES + 5; // the same slot of the ring
        h.sample(anHourOn, Map.of("q", 2L), List.of());
        JsonNode row = row(h, "q", anHourOn);
        assertThat(row.get("wait").get(59).asLong()).isEqualTo(2);
        long known = 0;
        for (JsonNode n : row.get("wait")) if (!n.isNull()) known++;
        assertThat(known).isEqualTo(1);
    }

    @Test
    void queuesBeyondTheBoundAreNotKept() {
        QueueHistory h = new QueueHistory(START);
        Map<String, Long> many = new java.util.HashMap<>();
        for (int i = 0; i < QueueHistory.MAX_QUEUES + 10; i++) many.put("q" + i, 1L);
        h.sample(START + 1, many, List.of());
        long kept = many.keySet().stream()
                .filter(q -> !row(h, q, START + 1).get("wait").get(59).isNull())
                .count();
        assertThat(kept).isEqualTo(QueueHistory.MAX_QUEUES);
    }
}
