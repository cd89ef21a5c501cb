package dev.qctl.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.config.ConfigLoader;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.Stores;
import dev.qctl.queue.Payload;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner in process, on a SQLite store, at injected instants. */
class ScheduleRunnerTest {
    @TempDir
    Path dir;

    private QueueBackend store;
    private final StringWriter printed = new StringWriter();

    private ScheduleRunner runner(String schedule, String environment) throws Exception {
        String yaml = """
                handlers:
                  alert: {exec: [echo, alert]}
                schedule:
                %s""".formatted(schedule);
        QctlConfig config = new ConfigLoader(k -> null).parse(dir.resolve("qctl.yml"), yaml);
        if (store == null) store = Stores.open(Stores.parse("sqlite:" + dir.resolve("s.sqlite")), 1);
        return new ScheduleRunner(config, store, Clock.systemUTC(), "h1", environment, new PrintWriter(printed, true));
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void outputIsAppendedAndShellTrueRunsOneString() throws Exception {
        Path log = dir.resolve("out.log");
        Files.writeString(log, "before\n");
        ScheduleRunner r = runner("""
                  greet:
                    frequency: every_minute
                    shell: true
                    command: "echo one && echo two >&2"
                    output: out.log
                """, "production");
        r.runDue(Instant.parse("2026-03-06T10:15:00Z"));
        assertThat(Files.readAllLines(log)).containsExactly("before", "one", "two");
    }

    @Test
    void onFailureAndOnSuccessDispatchTheirJobs() throws Exception {
        ScheduleRunner r = runner("""
                  bad:
                    frequency: every_minute
                    command: [sh, -c, "exit 3"]
                    on_failure: {job: alert, queue: alerts}
                    on_success: {job: alert, queue: cheers}
                  good:
                    frequency: every_minute
                    command: ["true"]
                    on_success: {job: alert, queue: cheers}
                """, "production");
        List<ScheduleRunner.Outcome> outcomes = r.runDue(Instant.parse("2026-03-06T10:15:00Z"));
        assertThat(outcomes).extracting(ScheduleRunner.Outcome::status).first().isEqualTo("FAIL exit 3");
        assertThat(store.sizes("alerts").pending()).isEqualTo(1);
        assertThat(store.sizes("cheers").pending()).isEqualTo(1);
        ReservedJob alert = store.reserve(List.of("alerts"), 1).getFirst();
        Payload p = Payload.parse(alert.rawPayload());
        assertThat(p.displayName()).isEqualTo("alert");
        assertThat(alert.rawPayload()).contains("\"schedule_entry\":\"bad\"").contains("FAIL exit 3");
    }

    @Test
    void betweenEnvironmentsAndEnabledFilterDueEntries() throws Exception {
        ScheduleRunner r = runner("""
                  office-hours:
                    frequency: every_minute
                    between: ["08:00", "17:00"]
                    timezone: Europe/Berlin
                    command: ["true"]
                  staging-only:
                    frequency: every_minute
                    environments: [staging]
                    command: ["true"]
                  off:
                    frequency: every_minute
                    enabled: false
                    command: ["true"]
                """, "production");
        // 07:30 UTC is 08:30 in Berlin (winter)
        assertThat(r.due(Instant.parse("2026-03-06T07:30:00Z")))
                .extracting(s -> s.name())
                .containsExactly("office-hours");
        assertThat(r.due(Instant.parse("2026-03-06T16:30:00Z"))).isEmpty();
        ScheduleRunner staging = runner("""
                  staging-only:
                    frequency: every_minute
                    environments: [staging]
                    command: ["true"]
                """, "staging");
        assertThat(staging.due(Instant.parse("2026-03-06T16:30:00Z")))
                .extracting(s -> s.name())
                .containsExactly("staging-only");
    }

    @Test
    void backgroundEntriesRunBesideTheForegroundOnesAndTheirStatusIsRecorded() throws Exception {
        Path order = dir.resolve("order.txt");
        ScheduleRunner r = runner("""
                  slow-bg:
                    frequency: every_minute
                    run_in_background: true
                    command: [sh, -c, "sleep 1; echo bg >> %1$s; exit 4"]
                  fg:
                    frequency: every_minute
                    command: [sh, -c, "echo fg >> %1$s"]
                """.formatted(order), "production");
        List<ScheduleRunner.Outcome> outcomes = r.runDue(Instant.parse("2026-03-06T10:15:00Z"));
        assertThat(Files.readAllLines(order)).containsExactly("fg", "bg");
        assertThat(outcomes)
                .extracting(ScheduleRunner.Outcome::entry, ScheduleRunner.Outcome::status)
                .contains(org.assertj.core.groups.Tuple.tuple("slow-bg", "FAIL exit 4"));
        assertThat(store.scheduleHistory().last("slow-bg", 1).getFirst().status())
                .isEqualTo("FAIL exit 4");
        assertThat(printed.toString()).contains("slow-bg ... FAIL exit 4").contains("fg ... DONE");
    }
}
