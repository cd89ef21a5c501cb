package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.config.Stores;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 14, the scheduler, with real qctl processes on every store. */
class ScheduleIT {
    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", TestStores.postgresUrl(), TestStores.mysqlUrl(), TestStores.redisUrl());
    }

    private String url(String store) {
        return store.equals("sqlite") ? "sqlite:" + dir.resolve("store.sqlite") : store;
    }

    /** Writes qctl.yml with the store as its default connection and the given schedule: body. */
    private void config(String store, String handlers, String schedule) throws Exception {
        Files.writeString(dir.resolve("qctl.yml"), """
                default: main
                connections:
                  main: "%s"
                handlers:
                  hello: {exec: [echo, hi]}
                %s
                schedule:
                %s""".formatted(url(store), handlers, schedule));
    }

    private Qctl host(String name) {
        return new Qctl(
                dir,
                Map.of(
                        "QCTL_HOSTNAME",
                        name,
                        "QCTL_CONFIG",
                        dir.resolve("qctl.yml").toString()));
    }

    /** So that processes started together start in the same minute. */
    private static void awaitEarlyInTheMinute() throws InterruptedException {
        while (LocalTime.now(ZoneOffset.UTC).getSecond() > 45) Thread.sleep(500);
    }

    private static List<Qctl.Result> runTogether(List<Qctl> hosts, String... args) throws Exception {
        List<Qctl.Running> running = new ArrayList<>();
        for (Qctl h : hosts) running.add(h.start(args));
        List<Qctl.Result> results = new ArrayList<>();
        for (Qctl.Running r : running) {
            int exit = r.waitFor(Duration.ofMinutes(1));
            results.add(new Qctl.Result(exit, r.stdout(), r.stderr()));
        }
        return results;
    }

    private void migrate(String store) throws Exception {
        if (store.equals("sqlite")) return;
        Qctl.Result m = host("h0").run("migrate", "-c", store);
        assertThat(m.exit()).as(m.err()).isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void onOneServerRunsTheEntryOnceWhenThreeHostsStartTogether(String store) throws Exception {
        String entry = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        Path runs = dir.resolve("runs.txt");
        config(store, "", """
                  %s:
                    frequency: every_minute
                    on_one_server: true
                    command: [sh, -c, "echo $QCTL_HOSTNAME >> %s"]
                """.formatted(entry, runs));
        migrate(store);
        awaitEarlyInTheMinute();
        List<Qctl.Result> results = runTogether(List.of(host("h1"), host("h2"), host("h3")), "schedule:run");

        for (Qctl.Result r : results) assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(Qctl.lines(runs)).hasSize(1);
        String all = String.join("\n", results.stream().map(Qctl.Result::out).toList());
        assertThat(all.lines().filter(l -> l.startsWith(entry + " ... DONE"))).hasSize(1);
        assertThat(all.lines().filter(l -> l.equals(entry + " ... SKIPPED another server ran it")))
                .hasSize(2);

        // the history is in the store, for schedule:list
        Qctl.Result listed = host("h1").run("schedule:list", "--json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        JsonNode e = Json.parse(listed.out(), "list").get(0);
        assertThat(e.get("name").asText()).isEqualTo(entry);
        assertThat(e.path("last_run").path("status").asText()).startsWith("DONE");
        assertThat(e.path("last_run").path("host").asText())
                .isEqualTo(Qctl.lines(runs).getFirst());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aDispatchEntryPutsExactlyOneJobOnItsQueueAcrossThreeHosts(String store) throws Exception {
        String entry = "report-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "reports-" + UUID.randomUUID();
        config(store, "", """
                  %s:
                    frequency: every_minute
                    dispatch: {job: hello, queue: %s, data: {day: today}}
                """.formatted(entry, queue));
        migrate(store);
        awaitEarlyInTheMinute();
        List<Qctl.Result> results = runTogether(List.of(host("h1"), host("h2"), host("h3")), "schedule:run");

        for (Qctl.Result r : results) assertThat(r.exit()).as(r.out() + r.err()).isZero();
        try (QueueBackend backend = Stores.open(Stores.parse(url(store)), 1)) {
            assertThat(backend.sizes(queue).pending()).isEqualTo(1);
            backend.clear(queue);
        }
        String all = String.join("\n", results.stream().map(Qctl.Result::out).toList());
        assertThat(all).contains(entry + " ... DONE dispatched job ");
        assertThat(all.lines().filter(l -> l.contains("SKIPPED another server ran it")))
                .hasSize(2);
    }

    @Test
    void twoRunsInTheSameMinuteOnOneHostRunNothingTwiceAndALateStartStillRuns() throws Exception {
        Path runs = dir.resolve("runs.txt");
        config("sqlite", "", """
                  tick:
                    frequency: every_minute
                    command: [sh, -c, "echo ran >> %s"]
                  failing:
                    frequency: every_minute
                    command: [sh, -c, "exit 3"]
                """.formatted(runs));
        awaitEarlyInTheMinute();
        Qctl.Result first = host("h1").run("schedule:run");
        Qctl.Result second = host("h1").run("schedule:run");

        assertThat(first.out())
                .containsPattern("tick \\.\\.\\. DONE \\d+\\.\\ds")
                .contains("failing ... FAIL exit 3");
        assertThat(first.exit()).as("an entry failed: cron is told").isEqualTo(1);
        assertThat(second.out())
                .contains("tick ... SKIPPED already ran this minute")
                .contains("failing ... SKIPPED already ran this minute");
        assertThat(second.exit()).isZero();
        assertThat(Qctl.lines(runs)).hasSize(1);
        Qctl.Result help = host("h1").run("schedule:run", "--help");
        assertThat(help.out()).contains("* * * * * cd /path/to/app && qctl schedule:run");
    }

    @Test
    void alwaysZeroGivesArtisansExitStatus() throws Exception {
        config("sqlite", "", """
                  failing:
                    frequency: every_minute
                    command: [sh, -c, "exit 3"]
                """);
        Qctl.Result r = host("h1").run("schedule:run", "--always-zero");
        assertThat(r.out()).contains("failing ... FAIL exit 3");
        assertThat(r.exit()).isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void withoutOverlappingSkipsWhileHeldAndRunsAgainOnceAKilledHoldersLockExpired(String store) throws Exception {
        String entry = "long-" + UUID.randomUUID().toString().substring(0, 8);
        Path marker = dir.resolve("started.txt");
        config(store, "", """
                  %s:
                    frequency: every_minute
                    without_overlapping: 10s
                    command: [sh, -c, "echo $QCTL_HOSTNAME >> %s; if [ $QCTL_HOSTNAME = h1 ]; then sleep 15; fi"]
                """.formatted(entry, marker));
        migrate(store);
        Qctl.Running holder = host("h1").start("schedule:run");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(marker) && !Qctl.lines(marker).isEmpty());

        // another host, same store: the overlap lock is held
        Qctl.Result skipped = host("h2").run("schedule:run");
        assertThat(skipped.out()).contains(entry + " ... SKIPPED overlapping");
        Qctl.Result listed = host("h2").run("schedule:list", "--json");
        JsonNode lock = Json.parse(listed.out(), "list").get(0).path("lock");
        assertThat(lock.path("owner").asText()).startsWith("h1:");
        Instant expires = Instant.parse(lock.path("expires_at").asText());

        holder.kill(); // kill -9: the lock is not released, it expires
        List<String> attempts = new ArrayList<>();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Qctl.Result again = host("h3-" + UUID.randomUUID()).run("schedule:run");
                    attempts.add(again.out().strip());
                    return again.out().contains(entry + " ... DONE");
                });
        Instant ranAgain = Instant.now();
        // skipped until the dead holder's lock expired (store clock: whole seconds), then ran
        assertThat(ranAgain).isAfter(expires.minusSeconds(1));
        assertThat(attempts.subList(0, attempts.size() - 1)).allMatch(a -> a.contains("SKIPPED overlapping"));
        assertThat(Qctl.lines(marker)).hasSize(2);
    }

    @Test
    void sigtermEndsTheRunningEntryAndReleasesItsOverlapLock() throws Exception {
        Path marker = dir.resolve("started.txt");
        config("sqlite", "", """
                  long:
                    frequency: every_minute
                    without_overlapping: 1h
                    command: [sh, -c, "echo x >> %s; sleep 60"]
                """.formatted(marker));
        Qctl.Running run = host("h1").start("schedule:run");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(marker) && !Qctl.lines(marker).isEmpty());
        Qctl.Result held = host("h1").run("schedule:list", "--json");
        assertThat(Json.parse(held.out(), "list")
                        .get(0)
                        .path("lock")
                        .path("owner")
                        .asText())
                .startsWith("h1:");

        run.signal("TERM");
        assertThat(run.waitFor(Duration.ofSeconds(20)))
                .as(run.stdout() + run.stderr())
                .isEqualTo(1);
        assertThat(run.stdout()).contains("long ... FAIL exit 143");
        Qctl.Result freed = host("h1").run("schedule:list", "--json");
        assertThat(Json.parse(freed.out(), "list").get(0).get("lock").isNull()).isTrue();
    }

    @Test
    void clearCacheDropsAStaleOverlapLockAfterAsking() throws Exception {
        String entry = "stale";
        Path marker = dir.resolve("started.txt");
        config("sqlite", "", """
                  %s:
                    frequency: every_minute
                    without_overlapping: 1h
                    command: [sh, -c, "echo x >> %s; sleep 30"]
                """.formatted(entry, marker));
        Qctl.Running holder = host("h1").start("schedule:run");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(marker) && !Qctl.lines(marker).isEmpty());
        holder.kill();

        Qctl.Result refused = host("h1").run("schedule:clear-cache");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("refusing without --force");
        Qctl.Result cleared = host("h1").run("schedule:clear-cache", "--force");
        assertThat(cleared.out()).contains("Deleted the overlap lock of stale (held by h1:");
        assertThat(host("h1").run("schedule:clear-cache", "--force").out()).contains("No overlap locks are held.");
        Qctl.Result listed = host("h1").run("schedule:list", "--json");
        assertThat(Json.parse(listed.out(), "list").get(0).get("lock").isNull()).isTrue();
    }

    @Test
    void scheduleTestRunsOneEntryNowWhateverItsCron() throws Exception {
        Path runs = dir.resolve("runs.txt");
        config("sqlite", "", """
                  yearly-thing:
                    frequency: yearly
                    command: [sh, -c, "echo ran >> %s"]
                """.formatted(runs));
        Qctl.Result r = host("h1").run("schedule:test", "yearly-thing");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("yearly-thing ... DONE");
        assertThat(Qctl.lines(runs)).containsExactly("ran");
        Qctl.Result listed = host("h1").run("schedule:list", "--json", "--next", "5");
        JsonNode e = Json.parse(listed.out(), "list").get(0);
        assertThat(e.get("next")).hasSize(5);
        assertThat(e.get("next_local")).hasSize(5);
        assertThat(e.get("next").get(0).asText()).contains("-01-01T00:00");
        assertThat(e.path("last_run").path("status").asText()).startsWith("DONE");
        Qctl.Result table = host("h1").run("schedule:list", "--next", "2");
        assertThat(table.out())
                .contains("NEXT DUE")
                .contains("yearly-thing")
                .contains("yearly (0 0 1 1 *)")
                .isNotEmpty();
        Qctl.Result unknown = host("h1").run("schedule:test", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("No matching scheduled command found");
        Qctl.Result noName = host("h1").run("schedule:test");
        assertThat(noName.exit()).isEqualTo(2);
        assertThat(noName.err()).contains("yearly-thing");
    }

    @Test
    void badScheduleFilesGetTheLineAndExit2FromListAndRun() throws Exception {
        record Bad(String entry, int line, String says) {}
        List<Bad> cases = List.of(
                new Bad(
                        "    frequency: every_blue_moon\n    command: [\"true\"]\n",
                        7,
                        "unknown frequency 'every_blue_moon'"),
                new Bad("    cron: \"61 * * * *\"\n    command: [\"true\"]\n", 7, "bad cron expression '61 * * * *'"),
                new Bad("    cron: \"* * *\"\n    command: [\"true\"]\n", 7, "bad cron expression"),
                new Bad(
                        "    cron: \"@daily\"\n    timezone: Mars/Olympus_Mons\n    command: [\"true\"]\n",
                        8,
                        "unknown timezone 'Mars/Olympus_Mons'"),
                new Bad(
                        "    cron: \"@daily\"\n    command: [\"true\"]\n    dispatch: {job: hello}\n",
                        6,
                        "give command: or dispatch:, not both"),
                new Bad(
                        "    cron: \"@daily\"\n    command: \"rm -rf /tmp/x\"\n",
                        8,
                        "must be a list (argv), not a shell string"));
        for (Bad bad : cases) {
            Files.writeString(dir.resolve("qctl.yml"), """
                    connections:
                      default: "sqlite:store.sqlite"
                    handlers:
                      hello: {exec: [echo, hi]}
                    schedule:
                      bad-entry:
                    %s""".formatted(bad.entry()));
            for (String command : List.of("schedule:list", "schedule:run")) {
                Qctl.Result r = host("h1").run(command);
                assertThat(r.exit())
                        .as(command + " on\n" + bad.entry() + r.out() + r.err())
                        .isEqualTo(2);
                assertThat(r.err())
                        .as(command + " on\n" + bad.entry())
                        .contains("qctl.yml:" + bad.line() + ": ")
                        .contains(bad.says());
            }
        }
    }

    @Test
    void scheduleWorkFiresAtTheMinuteBoundaryAndStopsOnSigtermAndOnInterrupt() throws Exception {
        config("sqlite", "", """
                  stamp:
                    frequency: every_minute
                    command: [sh, -c, "date +%s.%N >> fired-$QCTL_HOSTNAME.txt; sleep 2; echo finished >> fired-$QCTL_HOSTNAME.txt"]
                """);
        Qctl.Running a = host("a").start("schedule:work");
        Qctl.Running b = host("b").start("schedule:work");
        Path firedA = dir.resolve("fired-a.txt");
        Path firedB = dir.resolve("fired-b.txt");
        await().atMost(Duration.ofSeconds(75)).until(() -> Files.exists(firedA) && Files.exists(firedB));

        // each fired within a second of the boundary
        for (Path f : List.of(firedA, firedB)) {
            double at = Double.parseDouble(Qctl.lines(f).getFirst());
            assertThat(at % 60).as("seconds past the minute at " + f).isLessThan(1.0);
        }
        // SIGTERM while the entry runs: it waits for the entry, then exits 0
        a.signal("TERM");
        assertThat(a.waitFor(Duration.ofSeconds(15))).isZero();
        assertThat(Qctl.lines(firedA)).contains("finished");
        assertThat(a.stdout()).contains("schedule:work stopped (terminated).");

        Qctl.Result interrupt = host("c").run("schedule:interrupt");
        assertThat(interrupt.exit()).as(interrupt.err()).isZero();
        assertThat(b.waitFor(Duration.ofSeconds(15))).isZero();
        assertThat(b.stdout()).contains("schedule:work stopped (interrupted).");
        assertThat(Qctl.lines(firedB)).contains("finished");
    }
}
