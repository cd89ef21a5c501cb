package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.testing.PrivateRedis;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, the rest of it: first use and artisan muscle memory, each seen the way the user sees it. */
class FirstUseIT {
    @TempDir
    Path dir;

    @Test
    void aWorkerStartedWhileItsStoreIsDownWaitsForIt() throws Exception {
        Qctl qctl = new Qctl(dir);
        PrivateRedis redis = PrivateRedis.start(Files.createDirectories(dir.resolve("redis")));
        try (redis) {
            redis.kill(); // the port is now closed; the server comes back on it below
            String url = redis.url("/0");

            // --fail-fast keeps exit 3 for scripts, with a message free of Lettuce's internals
            for (String scripted : List.of("--fail-fast", "--once", "--stop-when-empty")) {
                Qctl.Result fast = qctl.run("work", url, scripted);
                assertThat(fast.exit()).as(scripted + ": " + fast.err()).isEqualTo(3);
                assertThat(fast.errLines())
                        .containsExactly("qctl: redis store " + url + " unavailable: cannot connect to 127.0.0.1:"
                                + redis.port() + ": connection refused");
            }

            Qctl.Running worker = qctl.start("work", url, "--sleep", "0.1");
            await("the waiting line")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> worker.stderr().contains("qctl: waiting for store:"));
            Thread.sleep(4000); // a few retries: still waiting, still one line
            assertThat(worker.isAlive()).as(worker.stderr()).isTrue();
            assertThat(worker.stderrLines().stream().filter(l -> !l.isBlank()))
                    .singleElement()
                    .asString()
                    .startsWith("qctl: waiting for store: redis store " + url + " unavailable: cannot connect to")
                    .contains("--fail-fast");

            redis.launch();
            await("the worker to reach the store")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> worker.stderr().contains("qctl: store reachable"));
            assertThat(qctl.run("dispatch", "-c", url, "--", "true").exit()).isZero();
            await("the job to run")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> worker.stdout().contains("DONE"));
            worker.signal("TERM");
            assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();
            assertThat(worker.stderrLines().stream().filter(l -> !l.isBlank()))
                    .hasSize(2)
                    .last()
                    .isEqualTo("qctl: store reachable: " + url);
        }
    }

    @Test
    void secretsAreResolvedOnlyForTheConnectionUsed() throws Exception {
        Files.writeString(dir.resolve("qctl.yml"), """
                connections:
                  pg:
                    url: postgres://app@db.example:5432/app
                    password_env: QCTL_FIRSTUSE_UNSET_PASSWORD
                  pg_inline: postgres://app:${QCTL_FIRSTUSE_UNSET_SECRET}@db.example:5432/app
                  lite: sqlite:lite.sqlite
                """);
        Qctl qctl = new Qctl(dir);

        for (List<String> command : List.of(
                List.of("dispatch", "-c", "lite", "--", "true"),
                List.of("work", "-c", "lite", "--allow-raw", "--stop-when-empty", "--sleep", "0.1"),
                List.of("monitor", "-c", "lite"),
                List.of("failed", "-c", "lite"))) {
            Qctl.Result r = qctl.run(command.toArray(String[]::new));
            assertThat(r.exit()).as(command + ": " + r.err()).isZero();
            assertThat(r.err()).as(command.toString()).doesNotContain("QCTL_FIRSTUSE_UNSET");
        }

        // using the connection whose secret is missing still says so, in one line
        Qctl.Result pg = qctl.run("failed", "-c", "pg");
        assertThat(pg.exit()).isEqualTo(2);
        assertThat(pg.errLines())
                .containsExactly("qctl: connection 'pg': password_env QCTL_FIRSTUSE_UNSET_PASSWORD is not set");
        Qctl.Result inline = qctl.run("failed", "-c", "pg_inline");
        assertThat(inline.exit()).isEqualTo(2);
        assertThat(inline.errLines())
                .singleElement()
                .asString()
                .contains("connections.pg_inline: environment variable QCTL_FIRSTUSE_UNSET_SECRET is not set");
    }

    @Test
    void aRawJobDispatchedWithAQctlYmlButNoKeySaysWhatToDo() throws Exception {
        Files.writeString(dir.resolve("qctl.yml"), "connections:\n  lite: sqlite:lite.sqlite\n");
        Qctl qctl = new Qctl(dir);
        Path key = dir.resolve("signing.key");

        Qctl.Result unsigned = qctl.run("dispatch", "-c", "lite", "--", "echo", "first");
        assertThat(unsigned.exit()).isZero();
        assertThat(unsigned.errLines())
                .singleElement()
                .asString()
                .contains("workers will refuse them")
                .contains(dir.resolve("qctl.yml").toString())
                .contains("`head -c 32 /dev/urandom | base64 > " + key + "`")
                .contains("add `signing_key_file: signing.key` to qctl.yml");

        // doing what it says works: the next raw job is signed and runs
        Process make = new ProcessBuilder("sh", "-c", "head -c 32 /dev/urandom | base64 > " + key).start();
        assertThat(make.waitFor()).isZero();
        Files.writeString(
                dir.resolve("qctl.yml"), "signing_key_file: signing.key\n", java.nio.file.StandardOpenOption.APPEND);
        Qctl.Result signed = qctl.run("dispatch", "-c", "lite", "--", "echo", "second");
        assertThat(signed.exit()).isZero();
        assertThat(signed.err()).isEmpty();
        Qctl.Result work = qctl.run("work", "-c", "lite", "--stop-when-empty", "--sleep", "0.1", "--json");
        assertThat(work.out()).contains("\"status\":\"success\"");
        assertThat(work.out()).contains("Refused: unsigned raw exec job"); // the first one, as warned
    }

    @Test
    void messagesSayWhatTheUserCanUse() throws Exception {
        Qctl qctl = new Qctl(dir);

        // Redis refusal, without Lettuce's 127.0.0.1/<unresolved>:1
        Qctl.Result redis = qctl.run("failed", "-c", "redis://127.0.0.1:1");
        assertThat(redis.exit()).isEqualTo(3);
        assertThat(redis.errLines())
                .containsExactly(
                        "qctl: redis store redis://127.0.0.1:1 unavailable: cannot connect to 127.0.0.1:1: connection refused");

        // a malformed --from line, without Jackson's REDACTED (StreamReadFeature…) text
        Path file = dir.resolve("jobs.jsonl");
        Files.writeString(file, "[\"true\"]\n{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]}\n");
        Qctl.Result from = qctl.run("dispatch", "--from", file.toString());
        assertThat(from.exit()).isEqualTo(2);
        assertThat(from.errLines())
                .containsExactly("qctl: " + file + ":2: line is not valid JSON: Unexpected end-of-input: expected"
                        + " close marker for Object (start marker at column 1) (nothing was dispatched)");

        // the missing-tables hint names the connection as typed, so it can be pasted
        String server = postgresWithoutTables();
        Files.writeString(dir.resolve("qctl.yml"), "connections:\n  pg: " + server + "\n");
        Qctl.Result named = qctl.run("failed", "-c", "pg");
        assertThat(named.exit()).isEqualTo(3);
        assertThat(named.errLines()).singleElement().asString().endsWith(": run `qctl migrate -c pg` first");
        Qctl.Result positional = qctl.run("queue:failed", "pg");
        assertThat(positional.errLines()).singleElement().asString().endsWith(": run `qctl migrate -c pg` first");
        String withPassword = server.replaceFirst("://([^:@/]+)@", "://$1:s3cret@");
        Qctl.Result url = qctl.run("monitor", "-c", withPassword);
        assertThat(url.exit()).isEqualTo(3);
        assertThat(url.err()).doesNotContain("s3cret").contains("run `qctl migrate -c 'postgres://postgres:***@");
    }

    /** The shared PostgreSQL server, in a schema nobody migrates (as BadInputIT's). */
    private static String postgresWithoutTables() {
        String base = System.getenv().getOrDefault("QCTL_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test");
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=qctl_never_migrated";
    }

    @Test
    void artisansPositionalConnection() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(Files.createDirectories(dir.resolve("redis")))) {
            Files.writeString(
                    dir.resolve("qctl.yml"), "allow_raw: true\nconnections:\n  redis: " + redis.url("/0") + "\n");
            Qctl qctl = new Qctl(dir);
            for (int i = 0; i < 2; i++)
                assertThat(qctl.run("dispatch", "-c", "redis", "--queue=x", "--", "true")
                                .exit())
                        .isZero();
            assertThat(qctl.run("dispatch", "-c", "redis", "--tries=1", "--", "false")
                            .exit())
                    .isZero();
            assertThat(qctl.run("work", "redis", "--stop-when-empty", "--sleep", "0.1")
                            .exit())
                    .isZero();

            Qctl.Result clear = qctl.run("queue:clear", "redis", "--queue=x", "--force");
            assertThat(clear.exit()).as(clear.err()).isZero();
            assertThat(clear.out()).contains("Cleared 2 jobs from the [x] queues");

            Qctl.Result failed = qctl.run("failed", "redis", "--json");
            assertThat(failed.exit()).as(failed.err()).isZero();
            assertThat(failed.out()).contains("\"queue\":\"default\"").contains("exit status 1");
            Qctl.Result byUrl = qctl.run("queue:failed", redis.url("/0"));
            assertThat(byUrl.exit()).as(byUrl.err()).isZero();
            assertThat(byUrl.out()).contains("false");
        }
    }

    @Test
    void destructiveCommandsOffATerminalSayWhatToAdd() throws Exception {
        Qctl qctl = new Qctl(dir);
        String store = "sqlite:" + dir.resolve("q.sqlite");
        assertThat(qctl.run("migrate", "-c", store).exit()).isZero();

        Map<List<String>, String> refused = Map.of(
                List.of("flush", "-c", store), "Delete all failed jobs",
                List.of("queue:prune-failed", "-c", store, "--hours=48"), "Delete failed jobs older than 48 hours",
                List.of("clear", store, "--queue=x"), "Delete every job of [x]");
        for (Map.Entry<List<String>, String> c : refused.entrySet()) {
            Qctl.Result r = qctl.run(c.getKey().toArray(String[]::new));
            assertThat(r.exit()).as(c.getKey() + ": " + r.err()).isEqualTo(2);
            String withForce = "qctl " + String.join(" ", c.getKey()) + " --force";
            assertThat(r.errLines())
                    .containsExactly("qctl: " + c.getValue()
                            + ": refusing without --force when not on a terminal; to go ahead, run: " + withForce);

            // the line it gives is the one that works
            String[] pasted = Arrays.stream(withForce.split(" ")).skip(1).toArray(String[]::new);
            Qctl.Result again = qctl.run(pasted);
            assertThat(again.exit()).as(withForce + ": " + again.err()).isZero();
        }

        // forget deletes only the job it names: as in artisan, it never asks
        Qctl.Result forget = qctl.run("forget", "-c", store, "42");
        assertThat(forget.exit()).isEqualTo(1);
        assertThat(forget.errLines()).containsExactly("No failed job matches the given ID.");
    }

    @Test
    void aCrashCostsTheRunningJobAnAttempt() throws Exception {
        // what the README says about --tries: the job running when its worker is killed has had an attempt
        Qctl qctl = new Qctl(dir);
        String store = "sqlite:" + dir.resolve("q.sqlite") + "?retry_after=2";
        Path started = dir.resolve("started");
        assertThat(qctl.run("dispatch", "-c", store, "--", "sh", "-c", "echo x >> " + started + "; sleep 3")
                        .exit())
                .isZero();
        Qctl.Running doomed = qctl.start("work", store, "--tries=1", "--sleep", "0.1");
        await("the job to start").atMost(Duration.ofSeconds(20)).until(() -> Files.exists(started));
        doomed.kill();

        Thread.sleep(2500); // past retry_after: the reservation has expired
        Qctl.Result next = qctl.run("work", store, "--tries=1", "--stop-when-empty", "--sleep", "0.1");
        assertThat(next.exit()).as(next.err()).isZero();
        assertThat(Qctl.lines(started)).as("never run again").hasSize(1);
        assertThat(qctl.run("failed", "-c", store, "--json").out()).contains("attempted too many times");
    }
}
