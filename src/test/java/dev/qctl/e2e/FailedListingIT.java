package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 19: {@code qctl failed} (and {@code monitor} and {@code health --max-failed}, to count
 * them) read every failed record before printing the first (100k took
 * most of a minute on Redis and hundreds of MB everywhere). Now it pages, so
 * {@value #RECORDS} records of about 1.5 KB each list whole, table and JSON, newest first,
 * first and last rows included, in a heap far smaller than they are ({@value #HEAP}: the old
 * code ran out of memory).
 */
class FailedListingIT {
    private static final int RECORDS = 50_000;
    private static final String HEAP = "-Xmx48m";

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", TestStores.postgresUrl(), TestStores.redisUrl());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void listsFiftyThousandFailedJobsInASmallHeap(String which) throws Exception {
        try (Qctl qctl = new Qctl(dir, Map.of("QCTL_JAVA_OPTS", HEAP))) {
            String store = which.equals("sqlite") ? "sqlite:" + dir.resolve("q.sqlite") : which;
            String queue = "seeded-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(qctl.run("migrate", "-c", store).exit()).isZero();
            assertThat(qctl.run("flush", "-c", store, "--force").exit()).isZero(); // a server's list may hold others'
            FailedRecordsSeed.write(store, queue, RECORDS);

            Qctl.Result json = qctl.run("failed", "-c", store, "--json");
            assertThat(json.exit()).as(json.err()).isZero();
            JsonNode all = Json.parse(json.out(), "failed --json");
            assertThat(all).hasSize(RECORDS);
            assertThat(all.get(0).path("uuid").asText()).isEqualTo(FailedRecordsSeed.uuid(RECORDS));
            assertThat(all.get(0).path("job").asText()).isEqualTo("SeededJob" + RECORDS);
            assertThat(all.get(0).path("exception").asText()).isEqualTo("SeedFailure " + RECORDS);
            assertThat(all.get(0).path("queue").asText()).isEqualTo(queue);
            assertThat(all.get(RECORDS - 1).path("uuid").asText()).isEqualTo(FailedRecordsSeed.uuid(1));
            assertThat(all.get(RECORDS - 1).path("job").asText()).isEqualTo("SeededJob1");
            for (int i = 1; i < RECORDS; i++)
                assertThat(all.get(i).path("id").asLong())
                        .isLessThan(all.get(i - 1).path("id").asLong());
            all = null; // the test's own heap, for the next listing

            Qctl.Result table = qctl.run("failed", "-c", store, "--queue", queue);
            assertThat(table.exit()).as(table.err()).isZero();
            List<String> lines = table.out().lines().toList();
            assertThat(lines).hasSize(RECORDS + 1);
            assertThat(lines.getFirst()).startsWith("ID").contains("UUID", "Queue", "Job", "Failed At", "Exception");
            assertThat(lines.get(1))
                    .contains(FailedRecordsSeed.uuid(RECORDS), queue, "SeededJob" + RECORDS)
                    .endsWith("SeedFailure " + RECORDS);
            assertThat(lines.getLast())
                    .contains(FailedRecordsSeed.uuid(1), queue, "SeededJob1")
                    .endsWith("SeedFailure 1");
            // columns line up: every uuid starts where the header's UUID does
            int uuidColumn = lines.getFirst().indexOf("UUID");
            assertThat(lines.get(1).indexOf(FailedRecordsSeed.uuid(RECORDS))).isEqualTo(uuidColumn);
            assertThat(lines.getLast().indexOf(FailedRecordsSeed.uuid(1))).isEqualTo(uuidColumn);

            // monitor and health count failures the same way: a page at a time
            Qctl.Result monitor = qctl.run("monitor", "-c", store, "--queue", queue, "--json");
            assertThat(monitor.exit()).as(monitor.err()).isZero();
            JsonNode row = Json.parse(monitor.out(), "monitor --json").get(0);
            assertThat(row.path("failed_total").asLong()).isEqualTo(RECORDS);
            assertThat(row.path("failed_last_hour").asLong()).isEqualTo(RECORDS);
            Qctl.Result health =
                    qctl.run("health", "--timeout", "60s", "-c", store, "--max-failed", Integer.toString(RECORDS - 1));
            assertThat(health.exit()).as(health.out() + health.err()).isEqualTo(1);
            assertThat(health.out() + health.err()).contains(RECORDS + " failed in the last 3600s");

            assertThat(qctl.run("flush", "-c", store, "--force").exit()).isZero();
        }
    }
}
