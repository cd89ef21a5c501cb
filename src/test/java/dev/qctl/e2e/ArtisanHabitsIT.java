package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: what a newcomer with Laravel habits tripped over, each seen the way the user sees it. */
class ArtisanHabitsIT {
    @TempDir
    Path dir;

    @Test
    void aMistypedCommandGetsDidYouMean() throws Exception {
        Qctl qctl = new Qctl(dir);

        assertOneLine(qctl.run("wrok"), 2, "qctl: unknown command 'wrok'; did you mean 'work'?");
        assertOneLine(qctl.run("queue:wrok"), 2, "qctl: unknown command 'queue:wrok'; did you mean 'queue:work'?");
        assertOneLine(qctl.run("retyr", "all"), 2, "qctl: unknown command 'retyr'; did you mean 'retry'?");
        assertOneLine(qctl.run("frobnicate"), 2, "qctl: unknown command 'frobnicate' (see 'qctl --help')");
    }

    @Test
    void queueNamesAreValidatedEverywhere() throws Exception {
        Qctl qctl = new Qctl(dir);
        String longest = "q".repeat(255);
        Path file = dir.resolve("jobs.jsonl");
        Files.writeString(
                file, "[\"true\"]\n{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"queue\":\"mail,sms\"}\n");

        List<Case> bad = List.of(
                new Case(List.of("dispatch", "--queue=", "--", "true"), "--queue is empty: give a queue name"),
                new Case(
                        List.of("dispatch", "--queue=a,b", "--", "true"),
                        "--queue 'a,b' is not one queue name: a name has no commas"),
                new Case(
                        List.of("dispatch", "--queue", "mail box", "--", "true"),
                        "--queue 'mail box' holds whitespace"),
                new Case(
                        List.of("dispatch", "--queue", "mail\u0007", "--", "true"),
                        "--queue 'mail\\u0007' holds a control character"),
                new Case(
                        List.of("dispatch", "--queue", longest + "q", "--", "true"),
                        "--queue is 256 characters long; a queue name has at most 255"),
                new Case(List.of("work", "--queue", "high,mail box", "--once"), "--queue 'mail box' holds whitespace"),
                new Case(List.of("monitor", "--queue", "high, low"), "--queue ' low' holds whitespace"),
                new Case(
                        List.of("clear", "--queue", "a\tb", "--force"),
                        "--queue 'a\\u0009b' holds a control character"),
                new Case(List.of("failed", "--queue", "a,b"), "--queue 'a,b' is not one queue name"),
                new Case(
                        List.of("dispatch", "--from", file.toString()),
                        file + ":2: \"queue\" 'mail,sms' is not one queue name"));
        for (Case c : bad) {
            Qctl.Result result = qctl.run(c.args().toArray(String[]::new));
            assertThat(result.exit()).as(c.args() + ": " + result.err()).isEqualTo(2);
            assertThat(result.errLines()).as(c.args() + " stderr").hasSize(1);
            assertThat(result.err()).as(c.args().toString()).contains(c.message());
        }

        // what the rule allows still works: a list with a stray trailing comma, a name of 255 characters
        assertThat(qctl.run("dispatch", "--queue", longest, "--", "true").exit())
                .isZero();
        Qctl.Result monitor = qctl.run("monitor", "--queue", longest + ",default,", "--json");
        assertThat(monitor.exit()).as(monitor.err()).isZero();
        assertThat(monitor.out())
                .contains("\"queue\":\"" + longest + "\",\"size\":1")
                .contains("\"queue\":\"default\",\"size\":0");
    }

    @Test
    void readingCommandsDoNotCreateAMissingSqliteStore() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path store = dir.resolve("mistyped/dir/q.sqlite");
        String url = "sqlite:" + store;
        String expected = "qctl: no store at " + store + ": dispatch or work creates it, or run qctl migrate";

        List<List<String>> readers = List.of(
                List.of("failed"),
                List.of("monitor"),
                List.of("retry", "all"),
                List.of("forget", "1"),
                List.of("flush", "--force"),
                List.of("prune-failed", "--force"),
                List.of("clear", "--queue", "x", "--force"));
        for (List<String> reader : readers) {
            List<String> args = new java.util.ArrayList<>(reader);
            args.addAll(List.of("-c", url));
            assertOneLine(qctl.run(args.toArray(String[]::new)), 3, expected);
        }
        assertThat(dir.resolve("mistyped")).doesNotExist();

        // migrate (like dispatch and work) creates it; then the readers read it
        assertThat(qctl.run("migrate", "-c", url).exit()).isZero();
        Qctl.Result failed = qctl.run("failed", "-c", url);
        assertThat(failed.exit()).as(failed.err()).isZero();
        assertThat(failed.out()).contains("No failed jobs found.");

        // the embedded default is not typed, so cannot be mistyped: a first `qctl failed` just finds nothing
        assertThat(qctl.run("failed").out()).contains("No failed jobs found.");
    }

    @Test
    void artisansOldWorkerOptionsAndQueueListen() throws Exception {
        Qctl qctl = new Qctl(dir);
        assertThat(qctl.run("dispatch", "--queue", "mail", "--", "false").exit())
                .isZero();

        // a supervisor line from an old Laravel app: the failed attempt is retried after --delay seconds
        Qctl.Result listen = qctl.run(
                "queue:listen",
                "--queue=mail",
                "--tries=2",
                "--delay=60",
                "--daemon",
                "--env=production",
                "-q",
                "--once");
        assertThat(listen.exit()).as(listen.err()).isZero();
        assertThat(listen.out()).as("--quiet prints no job lines").isEmpty();
        assertThat(qctl.run("monitor", "--queue", "mail", "--json").out()).contains("\"delayed\":1");

        Qctl.Result quiet = qctl.run("work", "--queue", "mail", "--quiet", "--stop-when-empty", "--sleep", "0.1");
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.out()).isEmpty();

        // given both, artisan's rule: the larger wins (here at the first retry: 60, not 5)
        assertThat(qctl.run("dispatch", "--queue", "both", "--", "false").exit())
                .isZero();
        Qctl.Result both =
                qctl.run("work", "--queue", "both", "--tries=3", "--backoff=5,120", "--delay=60", "--once", "--json");
        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(both.out())
                .contains("\"status\":\"released_after_exception\"")
                .contains("\"delay\":60");
        assertOneLine(
                qctl.run("work", "--delay", "soon"),
                2,
                "qctl: invalid --delay 'soon': expected whole seconds like 10 (it is artisan's old name for --backoff)");

        Qctl.Result help = qctl.run("queue:listen", "--help");
        assertThat(help.out())
                .contains("queue:listen is this same command")
                .contains("not reloaded per job")
                .contains("--daemon")
                .contains("--quiet")
                .doesNotContain("--env")
                .doesNotContain("--delay");
    }

    @Test
    void aPortThatIsNotANumberIsABadPort() throws Exception {
        Qctl qctl = new Qctl(dir);
        for (String url : List.of(
                "postgres://app:hunter2@127.0.0.1:54x2/test",
                "mysql://root@db.example:port/app",
                "mariadb://root@db.example:99999/app")) {
            Qctl.Result result = qctl.run("dispatch", "-c", url, "--", "true");
            assertThat(result.exit()).as(result.err()).isEqualTo(2);
            assertThat(result.errLines()).hasSize(1);
            assertThat(result.err())
                    .contains("has a bad port: give a number from 1 to 65535")
                    .doesNotContain("names no host")
                    .doesNotContain("hunter2");
        }
    }

    private record Case(List<String> args, String message) {}

    /** artisan's queue:retry-batch and queue:prune-batches: `batches retry` and `batches prune` under Laravel's names. */
    @Test
    void artisansBatchCommandsRetryAndPrune() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path lines = dir.resolve("batch.jsonl");
        Path marker = dir.resolve("fixed");
        Files.writeString(lines, "[\"true\"]\n[\"test\",\"-e\",\"" + marker + "\"]\n");
        Qctl.Result dispatched = qctl.run(
                "dispatch", "--tries", "1", "--batch", "nightly", "--allow-failures", "--from", lines.toString());
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();
        String id = dispatched
                .err()
                .lines()
                .filter(l -> l.startsWith("batch "))
                .findFirst()
                .orElseThrow()
                .substring("batch ".length());
        assertThat(qctl.run("work", "--stop-when-empty").exit()).isZero();

        Files.createFile(marker);
        Qctl.Result retried = qctl.run("queue:retry-batch", id);
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(retried.out()).startsWith("Pushing failed batch jobs back onto the queue.");
        assertThat(retried.out().lines().filter(l -> l.endsWith(" DONE"))).hasSize(1);
        assertThat(qctl.run("work", "--stop-when-empty").exit()).isZero();
        assertThat(qctl.run("queue:retry-batch", id).out().trim())
                .isEqualTo("No failed jobs found for batch [" + id + "].");
        assertOneLine(qctl.run("queue:retry-batch", "nope"), 1, "qctl: no batch with id nope");

        assertThat(qctl.run("queue:prune-batches", "--hours", "1", "--force")
                        .out()
                        .trim())
                .as("finished just now: younger than an hour")
                .isEqualTo("0 entries deleted.");
        assertThat(qctl.run("queue:prune-batches", "--hours", "0", "--force")
                        .out()
                        .trim())
                .isEqualTo("1 entries deleted.");
        assertThat(qctl.run("batches", "--json").out().trim()).isEqualTo("[]");
        assertOneLine(
                qctl.run("queue:prune-batches", "--hours", "-1", "--force"),
                2,
                "qctl: --hours, --unfinished and --cancelled cannot be negative");

        Path keyed = dir.resolve("keyed.jsonl");
        Files.writeString(keyed, "{\"job\":\"exec\",\"data\":{\"argv\":[\"true\"]},\"id\":\"a\"}\n");
        assertOneLine(
                qctl.run("dispatch", "--batch", "keyed", "--from", keyed.toString()),
                2,
                "qctl: a batch's jobs cannot carry an id or unique key");
    }

    @Test
    void laravelsConnectionNamesSayWhatToTypeInstead() throws Exception {
        Qctl qctl = new Qctl(dir);

        Qctl.Result work = qctl.run("work", "redis", "--stop-when-empty");
        assertOneLine(
                work,
                2,
                "qctl: --connection 'redis' is not a URL and names no connection because no qctl.yml"
                        + " was found; qctl does not read Laravel's .env: pass a URL (-c redis://127.0.0.1:6379/0) or name it"
                        + " in qctl.yml (connections: {redis: {url: \"…\"}})");
        assertThat(qctl.run("failed", "database").err()).contains("-c postgres://user@host:5432/db or -c mysql://");
    }

    private static void assertOneLine(Qctl.Result result, int exit, String line) {
        assertThat(result.exit()).as(result.err()).isEqualTo(exit);
        assertThat(result.errLines()).containsExactly(line);
    }
}
