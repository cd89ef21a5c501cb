package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10's defects, each as the user met it: a real qctl process against a real store. */
class HouseDefectsIT {
    @TempDir
    Path dir;

    /** A MariaDB user that can only log in with its password, so a dropped password shows. */
    private static final String USER = "qctl_pw_user";

    private static final String PASSWORD = "s3cret&odd=chars";

    private static void mariadb(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mariadb", "-h", "127.0.0.1", "-uroot", "-e", sql)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static void createPasswordUser() throws IOException, InterruptedException {
        mariadb("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                + "CREATE USER IF NOT EXISTS '" + USER + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "';"
                + "GRANT ALL ON test.* TO '" + USER + "'@'%'; GRANT ALL ON test.* TO '" + USER + "'@'localhost';");
    }

    @Test
    void benchWorkersGetThePasswordFromPasswordEnv() throws Exception {
        createPasswordUser();
        Path config = dir.resolve("qctl.yml");
        Files.writeString(config, """
                connections:
                  guarded: {url: "mariadb://%s@127.0.0.1:3306/test", password_env: GUARDED_PW}
                """.formatted(USER));
        Qctl qctl = new Qctl(dir, Map.of("GUARDED_PW", PASSWORD));
        assertThat(qctl.run("migrate", "-c", "guarded", "--config", config.toString())
                        .exit())
                .isZero();

        Qctl.Result result = qctl.run(
                "bench",
                "guarded",
                "--config",
                config.toString(),
                "--queue",
                "bench-" + UUID.randomUUID(),
                "--jobs",
                "200",
                "--concurrency",
                "4",
                "--json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode r = Json.parse(result.out(), "bench output");
        assertThat(r.get("jobs").asInt()).isEqualTo(200);
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
    }

    @Test
    void jdbcQueryParametersKeepAmpersandsEqualsAndSpaces() throws Exception {
        // a value with '&', '=' and ' ' must reach the driver as one value: PostgreSQL's
        // application_name shows what arrived, and a corrupted URL would split it or fail
        String name = "qctl a&b=c";
        String url =
                "postgres://postgres@127.0.0.1:5432/test?ApplicationName=" + java.net.URLEncoder.encode(name, "UTF-8");
        Qctl qctl = new Qctl(dir);
        assertThat(qctl.run("migrate", "-c", url).exit()).isZero();
        Qctl.Running worker = qctl.start("work", url, "--queue", "params-" + UUID.randomUUID(), "--sleep", "0.2");
        try {
            await("the worker's session")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> !psql("select count(*) from pg_stat_activity where application_name = '" + name + "'")
                            .matches("0|"));
        } finally {
            worker.process().destroy();
            worker.waitFor(Duration.ofSeconds(20));
        }
    }

    private static String psql(String sql) {
        try {
            Process p =
                    new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-Atc", sql).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Issue 19: what a job chose (its argv as display name, its output, its error) is printed with
     * control characters spelled out, and job output lines carry the job's id, so no job can
     * recolour the terminal or print a line that passes for the worker's own.
     */
    @Test
    void aJobCannotForgeWorkerLinesOrDriveTheTerminal() throws Exception {
        Qctl qctl = new Qctl(dir);
        String forged = "  2026-01-01 00:00:00 forged #9 ........ DONE";
        Qctl.Result dispatched = qctl.run(
                "dispatch",
                "--tries",
                "1",
                "--",
                "sh",
                "-c",
                "printf '\\033[31mred\\n" + forged + "\\n' >&2; printf 'no newline at the end'; exit 1\n#\u001b[2J"
                        + forged);
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();
        String id = dispatched.out().trim();

        Qctl.Result worked = qctl.run("work", "--stop-when-empty");
        assertThat(worked.exit()).as(worked.err()).isZero();
        assertThat(worked.out() + worked.err()).doesNotContain("\u001b");
        assertThat(worked.out().lines()).noneMatch(l -> l.startsWith(forged));
        assertThat(worked.err().lines()).noneMatch(l -> l.startsWith(forged));
        assertThat(worked.err())
                .contains("  [" + id + "] \\e[31mred\n", "  [" + id + "] " + forged + "\n")
                .contains("  [" + id + "] no newline at the end\n");
        Qctl.Result failed = qctl.run("failed");
        assertThat(failed.out()).doesNotContain("\u001b").contains("exit status 1");
    }

    @Test
    void theWorkersNameIsInItsStartLine() throws Exception {
        Qctl.Result result = new Qctl(dir).run("work", "--name", "mailbox-sync-3", "--stop-when-empty");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElse(""))
                .contains("Processing jobs from the [default] queues")
                .contains("worker mailbox-sync-3");
    }

    @Test
    void migrateAlsoMigratesTheConnectionsFailedStore() throws Exception {
        Path failedDb = dir.resolve("failed.sqlite");
        Path config = dir.resolve("qctl.yml");
        // the failed store is a SQLite file, which `migrate` must create the tables of
        Files.writeString(config, """
                connections:
                  failures: {url: "sqlite:%s"}
                  main: {url: "sqlite:%s", failed: failures}
                """.formatted(failedDb, dir.resolve("main.sqlite")));

        Qctl.Result result = new Qctl(dir).run("migrate", "-c", "main", "--config", config.toString());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Migrated sqlite:" + failedDb);
        assertThat(Files.exists(failedDb)).isTrue();
    }

    @Test
    void flushAndPruneFailedAreOneCommandWithTwoDefaults() throws Exception {
        Qctl qctl = new Qctl(dir);
        assertThat(qctl.run("prune-failed", "--force").out()).contains("failed jobs older than 24 hours deleted");
        assertThat(qctl.run("flush", "--force").out()).contains("All failed jobs deleted successfully");
        assertThat(qctl.run("prune-failed", "--hours", "0", "--force").out()).contains("older than 0 hours");
    }

    @Test
    void aMariadbServerErrorIsOneLineNotTheDriversWarningToo() throws Exception {
        // the MariaDB driver logged each server error at WARN before qctl reported it
        String db = "qctl_empty_" + UUID.randomUUID().toString().substring(0, 8);
        mariadb("CREATE DATABASE " + db);
        try {
            Qctl.Result result = new Qctl(dir).run("work", "mariadb://root@127.0.0.1:3306/" + db, "--stop-when-empty");
            assertThat(result.exit()).isEqualTo(dev.qctl.base.ExitCodes.STORE_UNAVAILABLE);
            assertThat(result.err().strip().lines()).as(result.err()).hasSize(1);
            assertThat(result.err()).contains("qctl migrate").doesNotContain("ErrorPacket");
        } finally {
            mariadb("DROP DATABASE " + db);
        }
    }
}
