package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import dev.qctl.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, done-when 3 and 4: qctl.yml's alerts, received by a local HTTP server. */
class AlertsIT {
    private static final String SECRET = "T000/B000/s3cr3tW3bh00k";

    @TempDir
    Path dir;

    private String store() {
        return "sqlite:" + dir.resolve("q.sqlite");
    }

    private void config(String alerts) throws Exception {
        config("", alerts);
    }

    private void config(String moreHandlers, String alerts) throws Exception {
        Files.writeString(dir.resolve("qctl.yml"), """
                handlers:
                  boom: {exec: ["false"], tries: 2}
                  slowboom: {exec: ["sh", "-c", "sleep 0.3; exit 1"], tries: 1}
                  ok: {exec: ["true"]}
                """ + moreHandlers.indent(2) + "alerts:\n" + alerts.indent(2));
    }

    @Test
    void aJobThatExhaustsItsTriesFiresTheFailedAlertOnceWithoutShowingTheWebhooksSecret() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver();
                Qctl qctl = new Qctl(dir)) {
            config("""
                    dlq:
                      when: failed
                      queues: [work]
                      notify: {http: {method: POST, url: "%s", json: {text: "{job} failed on {queue}: {error}"}}}
                    """.formatted(hook.url("/hook/" + SECRET)));
            dispatch(qctl, "work", "boom");
            dispatch(qctl, "other", "boom"); // a queue the alert does not watch
            Qctl.Result run = qctl.run("work", store(), "--queue", "work,other," + "qctl-alerts", "--stop-when-empty");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(hook.bodies()).hasSize(1);
            JsonNode body = Json.parse(hook.bodies().get(0), "webhook");
            assertThat(body.path("text").asText()).startsWith("boom failed on work: ");
            assertThat(failedCount(qctl)).isEqualTo(2);
            assertThat(run.out() + run.err()).doesNotContain(SECRET);
        }
    }

    @Test
    void twentyFailuresOnThreeWorkersWithAtMostOnePerMinuteFireOnce() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver();
                Qctl qctl = new Qctl(dir)) {
            config("""
                    dlq:
                      when: failed
                      queues: [fq]
                      at_most: 1/minute
                      notify: {http: {url: "%s", json: {text: "{job} failed"}}}
                    """.formatted(hook.url("/hook")));
            assertThat(qctl.run("migrate", "-c", store()).exit()).isZero();
            List<Qctl.Running> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++)
                workers.add(
                        qctl.start("work", store(), "--queue", "fq,qctl-alerts", "--sleep", "0.2", "--name", "w" + i));
            await("three workers up")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Json.parse(
                                            qctl.run("workers", "-c", store(), "--json")
                                                    .out(),
                                            "workers")
                                    .size()
                            == 3);
            long began = System.nanoTime();
            for (int i = 0; i < 20; i++) dispatch(qctl, "fq", "slowboom");
            await("20 failed jobs")
                    .atMost(Duration.ofSeconds(55))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> failedCount(qctl) == 20);
            assertThat(Duration.ofNanos(System.nanoTime() - began))
                    .as("the failures fall inside one at_most period")
                    .isLessThan(Duration.ofSeconds(60));
            await("the alert delivered")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !hook.bodies().isEmpty());
            for (Qctl.Running w : workers) w.signal("TERM");
            for (Qctl.Running w : workers)
                assertThat(w.waitFor(Duration.ofSeconds(60))).isZero();
            for (Qctl.Running w : workers)
                assertThat(w.stdout())
                        .as("every worker failed some of the jobs")
                        .contains("FAIL");
            assertThat(hook.bodies()).hasSize(1);
            assertThat(size(qctl, "qctl-alerts")).isZero();
        }
    }

    @Test
    void aFailingAlertHandlerDoesNotAlertAboutItself() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver();
                Qctl qctl = new Qctl(dir)) {
            hook.answer(500);
            config("""
                    everything:
                      when: failed
                      tries: 2
                      backoff: 0
                      notify: {http: {url: "%s", json: {text: "{job} failed on {queue}"}}}
                    """.formatted(hook.url("/hook/" + SECRET)));
            dispatch(qctl, "work", "boom");
            Qctl.Result run = qctl.run("work", store(), "--queue", "work,qctl-alerts", "--stop-when-empty");
            assertThat(run.exit()).as(run.err()).isZero();
            // the alert's own two attempts, and no alert about its failure
            assertThat(hook.bodies()).hasSize(2);
            assertThat(failedCount(qctl)).isEqualTo(2);
            Qctl.Result failed = qctl.run("failed", "-c", store(), "--json");
            assertThat(failed.out()).contains("alert everything").doesNotContain(SECRET);
            assertThat(run.out() + run.err()).doesNotContain(SECRET);
        }
    }

    @Test
    void aBacklogAlertFiresOnceWhenPendingOverIsCrossedAndAgainOnlyAfterItCleared() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver();
                Qctl qctl = new Qctl(dir)) {
            config("""
                    backlog:
                      when: {pending_over: 3}
                      queues: [bq]
                      notify: {http: {url: "%s", json: {text: "{queue} has {pending} pending"}}}
                    """.formatted(hook.url("/hook")));
            for (int i = 0; i < 3; i++) dispatch(qctl, "bq", "ok");
            assertThat(check(qctl)).as("3 is not over 3").doesNotContain("alert fired");
            dispatch(qctl, "bq", "ok");
            assertThat(check(qctl)).contains("alert fired: backlog bq");
            assertThat(check(qctl)).as("still over: not again").doesNotContain("alert fired");
            dispatch(qctl, "bq", "ok");
            assertThat(check(qctl)).doesNotContain("alert fired");
            assertThat(size(qctl, "qctl-alerts")).isEqualTo(1);

            assertThat(qctl.run("clear", "-c", store(), "--queue", "bq", "--force")
                            .exit())
                    .isZero();
            assertThat(check(qctl)).as("cleared").doesNotContain("alert fired");
            for (int i = 0; i < 4; i++) dispatch(qctl, "bq", "ok");
            assertThat(check(qctl)).as("crossed again").contains("alert fired: backlog bq");

            Qctl.Result deliver = qctl.run("work", store(), "--queue", "qctl-alerts", "--stop-when-empty");
            assertThat(deliver.exit()).as(deliver.err()).isZero();
            assertThat(hook.bodies()).hasSize(2);
            assertThat(Json.parse(hook.bodies().get(0), "webhook").path("text").asText())
                    .isEqualTo("bq has 4 pending");
        }
    }

    @Test
    void aWorkerWithCheckAlertsFiresANoWorkersAlert() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver();
                Qctl qctl = new Qctl(dir)) {
            config("""
                    nobody:
                      when: {no_workers: mailbox-sync}
                      notify: {http: {url: "%s", json: {text: "no worker serves {queue}"}}}
                    """.formatted(hook.url("/hook")));
            Qctl.Running worker =
                    qctl.start("work", store(), "--queue", "qctl-alerts", "--sleep", "0.2", "--check-alerts");
            await("the alert delivered")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> !hook.bodies().isEmpty());
            assertThat(Json.parse(hook.bodies().get(0), "webhook").path("text").asText())
                    .isEqualTo("no worker serves mailbox-sync");
            worker.signal("TERM");
            assertThat(worker.waitFor(Duration.ofSeconds(60))).isZero();
            assertThat(hook.bodies()).hasSize(1);
        }
    }

    @Test
    void aNotifyHandlerRunsTheNamedHandlerWithTheFactsAsItsData() throws Exception {
        Path facts = dir.resolve("facts.json");
        try (WebhookReceiver hook = new WebhookReceiver();
                Qctl qctl = new Qctl(dir)) {
            config("""
                    page-oncall: {http: {method: POST, url: "%s"}}
                    write-facts: {exec: ["sh", "-c", "cat > \\"$0\\"", "%s"]}
                    """.formatted(hook.url("/page"), facts), """
                    dlq:
                      when: failed
                      queues: [work]
                      notify: {handler: page-oncall}
                    backlog:
                      when: {pending_over: 1}
                      queues: [bq]
                      notify: {handler: write-facts}
                    """);
            dispatch(qctl, "work", "boom");
            dispatch(qctl, "bq", "ok");
            dispatch(qctl, "bq", "ok");
            assertThat(check(qctl)).contains("alert fired: backlog bq");
            Qctl.Result run = qctl.run("work", store(), "--queue", "work,qctl-alerts", "--stop-when-empty");
            assertThat(run.exit()).as(run.err()).isZero();

            assertThat(hook.bodies()).hasSize(1);
            JsonNode failed = Json.parse(hook.bodies().get(0), "webhook");
            assertThat(failed.path("alert").asText()).isEqualTo("dlq");
            assertThat(failed.path("queue").asText()).isEqualTo("work");
            assertThat(failed.path("job").asText()).isEqualTo("boom");
            assertThat(failed.path("error").asText()).isNotBlank();
            assertThat(failed.path("host").asText()).isNotBlank();

            JsonNode backlog = Json.parse(Files.readString(facts), "facts");
            assertThat(backlog.path("alert").asText()).isEqualTo("backlog");
            assertThat(backlog.path("queue").asText()).isEqualTo("bq");
            assertThat(backlog.path("pending").asText()).isEqualTo("2");
            assertThat(size(qctl, "qctl-alerts")).isZero();
        }
    }

    @Test
    void scheduleWorkChecksTheBacklogAlertsEveryMinute() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver();
                Qctl qctl = new Qctl(dir)) {
            config("""
                    backlog:
                      when: {pending_over: 1}
                      queues: [bq]
                      notify: {http: {url: "%s", json: {text: "{queue} has {pending} pending"}}}
                    """.formatted(hook.url("/hook")));
            dispatch(qctl, "bq", "ok");
            dispatch(qctl, "bq", "ok");
            Qctl.Running scheduler = qctl.start("schedule:work", "-c", store());
            Qctl.Running worker = qctl.start("work", store(), "--queue", "qctl-alerts", "--sleep", "0.2");
            await("the backlog alert delivered")
                    .atMost(Duration.ofSeconds(100)) // the check runs at the next minute boundary
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !hook.bodies().isEmpty());
            assertThat(Json.parse(hook.bodies().get(0), "webhook").path("text").asText())
                    .isEqualTo("bq has 2 pending");
            scheduler.signal("TERM");
            worker.signal("TERM");
            assertThat(scheduler.waitFor(Duration.ofSeconds(60)))
                    .as(scheduler.stderr())
                    .isZero();
            assertThat(worker.waitFor(Duration.ofSeconds(60)))
                    .as(worker.stderr())
                    .isZero();
            assertThat(scheduler.stderr()).contains("alert fired: backlog bq");
            assertThat(hook.bodies()).hasSize(1);
        }
    }

    private String check(Qctl qctl) throws Exception {
        Qctl.Result r = qctl.run("monitor", "-c", store(), "--queue", "bq", "--alerts");
        assertThat(r.exit()).as(r.err()).isZero();
        return r.err();
    }

    private void dispatch(Qctl qctl, String queue, String handler) throws Exception {
        Qctl.Result r = qctl.run("dispatch", "-c", store(), "--queue", queue, handler);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private int failedCount(Qctl qctl) throws Exception {
        Qctl.Result r = qctl.run("failed", "-c", store(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.parse(r.out(), "failed").size();
    }

    private long size(Qctl qctl, String queue) throws Exception {
        Qctl.Result r = qctl.run("monitor", "-c", store(), "--queue", queue, "--json");
        return Json.parse(r.out(), "monitor").get(0).path("size").asLong();
    }
}
