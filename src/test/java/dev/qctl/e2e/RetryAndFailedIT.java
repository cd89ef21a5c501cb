package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2, done-when 3: tries and backoff, the failed list with the stderr tail, and retry all. */
class RetryAndFailedIT {
    @TempDir
    Path dir;

    @Test
    void aJobThatAlwaysFailsIsTriedThreeTimesThenListedAndRetried() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path attempts = dir.resolve("attempts.txt");
        String script = "date +%s.%N >> " + attempts + "; echo \"cannot reach mailbox $QCTL_ATTEMPT\" >&2; exit 3";

        Qctl.Result dispatched =
                qctl.run("dispatch", "--queue", "mail", "--tries=3", "--backoff=1", "--", "sh", "-c", script);
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();

        Qctl.Running worker = qctl.start("work", "--queue", "mail", "--sleep", "0.05", "--json");
        await("the job to be failed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> worker.stdout().contains("\"status\":\"failed\""));
        worker.signal("TERM");
        assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();

        List<Double> times =
                Qctl.lines(attempts).stream().map(Double::parseDouble).toList();
        assertThat(times).hasSize(3);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1))
                    .as("gap before attempt " + (i + 1))
                    .isBetween(0.9, 2.8);
        }
        assertThat(worker.stdout())
                .contains("\"status\":\"released_after_exception\"")
                .contains("\"attempts\":3");

        JsonNode failed = Json.parse(qctl.run("failed", "--json").out(), "failed");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("queue").asText()).isEqualTo("mail");
        assertThat(failed.get(0).get("exception").asText()).isEqualTo("exit status 3: cannot reach mailbox 3");
        Qctl.Result table = qctl.run("failed");
        assertThat(table.out())
                .contains("exit status 3: cannot reach mailbox 3")
                .contains("mail");

        Qctl.Result retried = qctl.run("retry", "all");
        assertThat(retried.exit()).isZero();
        assertThat(retried.out()).contains("DONE");
        assertThat(qctl.run("failed", "--json").out().trim()).isEqualTo("[]");
        assertThat(qctl.run("monitor", "--queue", "mail", "--json").out()).contains("\"pending\":1");

        // attempts were reset: the retried job gets three fresh tries
        Qctl.Result again = qctl.run("work", "--queue", "mail", "--once", "--json");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("\"attempts\":1").contains("released_after_exception");
    }
}
