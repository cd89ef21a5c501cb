package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Laravel's arrangement: a Redis queue whose failed jobs live in a database's failed_jobs
 * (`failed: NAME` on the connection in qctl.yml). Failing, listing and retrying all go there.
 */
class FailedStoreElsewhereIT {
    @TempDir
    Path dir;

    @Test
    void aRedisQueueRecordsItsFailuresInTheNamedSqlConnection() throws Exception {
        String redis = System.getenv().getOrDefault("QCTL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15");
        Files.writeString(
                dir.resolve("qctl.yml"), """
                default: queue
                connections:
                  queue: {url: "%s%sprefix=%s:", failed: db}
                  db: "sqlite:failed.sqlite"
                handlers:
                  boom: {exec: [sh, -c, "echo mailbox down >&2; exit 3"], tries: 1}
                """.formatted(redis, redis.contains("?") ? "&" : "?", UUID.randomUUID()));
        Qctl qctl = new Qctl(dir);

        assertThat(qctl.run("dispatch", "boom").exit()).isZero();
        Qctl.Result worker = qctl.run("work", "--stop-when-empty", "--sleep", "0.1");
        assertThat(worker.exit()).as(worker.err()).isZero();

        JsonNode viaQueue = Json.parse(qctl.run("failed", "--json").out(), "failed");
        JsonNode inDatabase =
                Json.parse(qctl.run("failed", "-c", "db", "--json").out(), "failed");
        assertThat(viaQueue).hasSize(1);
        assertThat(inDatabase).isEqualTo(viaQueue);
        assertThat(inDatabase.get(0).get("connection").asText()).isEqualTo("queue"); // its qctl.yml name
        assertThat(inDatabase.get(0).get("exception").asText()).isEqualTo("exit status 3: mailbox down");

        assertThat(qctl.run("retry", "all").exit()).isZero();
        assertThat(qctl.run("failed", "-c", "db", "--json").out().trim()).isEqualTo("[]");
        assertThat(qctl.run("monitor", "--json").out())
                .contains("\"connection\":\"queue\"")
                .contains("\"pending\":1");
        qctl.run("clear", "--force");
    }

    @Test
    void failedMustNameAnotherSqlConnection() throws Exception {
        Files.writeString(dir.resolve("qctl.yml"), """
                default: queue
                connections:
                  queue: {url: "sqlite:q.sqlite", failed: nowhere}
                """);

        Qctl.Result result = new Qctl(dir).run("failed");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).contains("'nowhere'");
    }
}
