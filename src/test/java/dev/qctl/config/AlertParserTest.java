package dev.qctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** qctl.yml's alerts: the example reads as meant, and each mistake is one error naming its key. */
class AlertParserTest {
    private static final Path FILE = Path.of("/srv/app/qctl.yml");
    private final ConfigLoader loader =
            new ConfigLoader(Map.of("SLACK_WEBHOOK_URL", "https://hooks.example/T/B/x")::get);

    @Test
    void readsTheFailedAndBacklogAlerts() {
        QctlConfig config = loader.parse(FILE, """
                handlers:
                  page-oncall: {exec: [page, "{queue}"]}
                alerts:
                  slack-dlq:
                    when: failed
                    queues: [email, mailbox-sync]
                    notify: {http: {method: POST, url: "${SLACK_WEBHOOK_URL}", json: {text: "{job} failed on {queue}: {error}"}}}
                    at_most: 1/minute
                  backlog:
                    when: {pending_over: 1000}
                    notify: {handler: page-oncall}
                  slow: {when: {oldest_wait_over: 10m}, notify: {handler: page-oncall}, at_most: 2/10m, queue: pages}
                  idle: {when: {no_workers: mailbox-sync}, notify: {handler: page-oncall}, tries: 1, backoff: [0]}
                """);
        AlertSpec dlq = config.alerts().get("slack-dlq");
        assertThat(dlq.when()).isInstanceOf(AlertSpec.Failed.class);
        assertThat(dlq.queues()).containsExactly("email", "mailbox-sync");
        assertThat(dlq.http().url()).isEqualTo("https://hooks.example/T/B/x");
        assertThat(dlq.http().body().path("text").asText()).isEqualTo("{job} failed on {queue}: {error}");
        assertThat(dlq.atMost()).isEqualTo(1);
        assertThat(dlq.per()).isEqualTo(Duration.ofMinutes(1));
        assertThat(dlq.queue()).isEqualTo(AlertSpec.DEFAULT_QUEUE);
        assertThat(dlq.handlerName()).isEqualTo("alert:slack-dlq");
        assertThat(config.alerts().get("backlog").when()).isEqualTo(new AlertSpec.PendingOver(1000));
        assertThat(config.alerts().get("backlog").handler()).isEqualTo("page-oncall");
        assertThat(config.alerts().get("backlog").atMost()).isZero();
        AlertSpec slow = config.alerts().get("slow");
        assertThat(slow.when()).isEqualTo(new AlertSpec.OldestWaitOver(Duration.ofMinutes(10)));
        assertThat(slow.per()).isEqualTo(Duration.ofMinutes(10));
        assertThat(slow.atMost()).isEqualTo(2);
        assertThat(slow.queue()).isEqualTo("pages");
        AlertSpec idle = config.alerts().get("idle");
        assertThat(idle.when()).isEqualTo(new AlertSpec.NoWorkers("mailbox-sync"));
        assertThat(idle.tries()).isEqualTo(1);
        assertThat(idle.backoff()).isEqualTo("0");
    }

    @Test
    void eachMistakeIsOneErrorNamingItsKey() {
        assertError("a: {when: sometimes, notify: {handler: h}}", "alerts.a.when");
        assertError("a: {when: failed, notify: {handler: nope}}", "alerts.a.notify.handler");
        assertError("a: {when: failed, notify: {}}", "alerts.a.notify");
        assertError("a: {when: failed, notify: {handler: h}, at_most: often}", "alerts.a.at_most");
        assertError("a: {when: failed, notify: {handler: h}, colour: red}", "alerts.a.colour");
        assertError("a: {when: {pending_over: lots}, notify: {handler: h}}", "alerts.a.when.pending_over");
        assertError("a: {when: failed, queues: [qctl-alerts], notify: {handler: h}}", "alerts.a.queue");
        assertError("a: {when: failed, notify: {http: {url: ftp://x}}}", "alerts.a.notify.http.url");
    }

    private void assertError(String alert, String key) {
        String text = "handlers:\n  h: {exec: [\"true\"]}\nalerts:\n  " + alert + "\n";
        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }
}
