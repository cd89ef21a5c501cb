package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.config.SigningKey;
import dev.qctl.handler.PayloadSignature;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5, done-when 4: raw payloads written straight into the store run only when signed with the worker's key. */
class ConfigSigningIT {
    @TempDir
    Path dir;

    private Payload touch(String name) {
        return Payload.exec(
                List.of("touch", dir.resolve(name).toString()), null, new JobOptions(1, null, null, null, null, null));
    }

    private static void insert(Path store, Payload... payloads) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO jobs (queue, payload, attempts, available_at, created_at) VALUES ('default', ?, 0, 0, 0)")) {
            for (Payload p : payloads) {
                s.setString(1, p.toJson());
                s.executeUpdate();
            }
        }
    }

    @Test
    void unsignedAndTamperedRawJobsAreRefusedAndListedWhileSignedOnesRun() throws Exception {
        Qctl qctl = new Qctl(dir);
        // zero setup: the first dispatch creates the store and the local key; the worker finds both
        assertThat(qctl.run("dispatch", "--", "touch", dir.resolve("dispatched").toString())
                        .exit())
                .isZero();
        Path keyFile = dir.resolve("data/qctl/signing.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        SigningKey key = SigningKey.of(Files.readString(keyFile), "test");

        Payload signed = PayloadSignature.sign(touch("signed"), "default", key);
        ObjectNode evil = JsonNodeFactory.instance.objectNode();
        evil.putArray("argv").add("touch").add(dir.resolve("tampered").toString());
        Payload tampered =
                PayloadSignature.sign(touch("innocent"), "default", key).with("data", evil);
        insert(qctl.defaultStore(), touch("unsigned"), signed, tampered);

        Qctl.Result work = qctl.run("work", "--stop-when-empty");

        assertThat(work.exit()).as(work.err()).isZero();
        assertThat(dir.resolve("dispatched")).exists();
        assertThat(dir.resolve("signed")).exists();
        assertThat(dir.resolve("unsigned")).doesNotExist();
        assertThat(dir.resolve("tampered")).doesNotExist();
        assertThat(dir.resolve("innocent")).doesNotExist();
        JsonNode failed = Json.parse(qctl.run("failed", "--json").out(), "failed");
        List<String> reasons = new ArrayList<>();
        failed.forEach(f -> reasons.add(f.get("exception").asText()));
        assertThat(reasons)
                .hasSize(2)
                .anySatisfy(r -> assertThat(r).startsWith("Refused: unsigned raw exec job"))
                .anySatisfy(r -> assertThat(r).startsWith("Refused: bad signature on raw exec job"));
        assertThat(qctl.run("failed").out()).contains("Refused: unsigned raw exec job");

        // an operator who trusts everyone who can write to the store may allow raw jobs
        insert(qctl.defaultStore(), touch("allowed"));
        assertThat(qctl.run("work", "--stop-when-empty", "--allow-raw").exit()).isZero();
        assertThat(dir.resolve("allowed")).exists();
    }

    /**
     * Issue 19: the signature binds a job to the queue it was dispatched to. A signed payload
     * copied raw onto another queue is refused; the job itself, failed and retried back onto its
     * own queue, still verifies and runs.
     */
    @Test
    void aSignedJobCopiedOntoAnotherQueueIsRefusedWhileItsRetryRuns() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path flag = dir.resolve("flag");
        assertThat(qctl.run("dispatch", "--queue", "mine", "--tries", "1", "--", "test", "-f", flag.toString())
                        .exit())
                .isZero();
        String signed;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + qctl.defaultStore());
                var rs = c.createStatement().executeQuery("SELECT payload FROM jobs WHERE queue = 'mine'")) {
            assertThat(rs.next()).isTrue();
            signed = rs.getString(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + qctl.defaultStore());
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO jobs (queue, payload, attempts, available_at, created_at) VALUES ('theirs', ?, 0, 0, 0)")) {
            s.setString(1, signed);
            s.executeUpdate();
        }
        Files.createFile(flag); // the copy would succeed if it ran
        assertThat(qctl.run("work", "--queue", "theirs", "--stop-when-empty").exit())
                .isZero();
        JsonNode copy =
                Json.parse(qctl.run("failed", "--queue", "theirs", "--json").out(), "failed");
        assertThat(copy).hasSize(1);
        assertThat(copy.get(0).get("exception").asText()).startsWith("Refused: bad signature on raw exec job");

        Files.delete(flag);
        assertThat(qctl.run("work", "--queue", "mine", "--stop-when-empty").exit())
                .isZero();
        JsonNode mine =
                Json.parse(qctl.run("failed", "--queue", "mine", "--json").out(), "failed");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("exception").asText()).doesNotContain("Refused");

        Files.createFile(flag);
        assertThat(qctl.run("retry", "--queue", "mine").exit()).isZero();
        Qctl.Result retried = qctl.run("work", "--queue", "mine", "--stop-when-empty", "--json");
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("\"status\":\"success\"");
        assertThat(Json.parse(qctl.run("failed", "--queue", "mine", "--json").out(), "failed"))
                .isEmpty();
    }

    @Test
    void aWorkerStartedBeforeTheFirstDispatchFindsTheKeyItCreates() throws Exception {
        Qctl qctl = new Qctl(dir);
        Qctl.Running worker = qctl.start("work", "--sleep", "0.1");
        try {
            await("the worker to start")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> worker.stdout().contains("Processing jobs"));
            assertThat(dir.resolve("data/qctl/signing.key")).doesNotExist();

            assertThat(qctl.run("dispatch", "--", "touch", dir.resolve("ran").toString())
                            .exit())
                    .isZero();

            await("the job to run").atMost(Duration.ofSeconds(15)).until(() -> Files.exists(dir.resolve("ran")));
            worker.signal("TERM");
            assertThat(worker.waitFor(Duration.ofSeconds(20))).isZero();
        } finally {
            worker.process().destroyForcibly();
        }
    }

    @Test
    void encryptedDataIsUnreadableInTheStoreAndDecryptedForTheJob() throws Exception {
        Qctl qctl = new Qctl(dir, Map.of("QCTL_SIGNING_KEY", "an-operator-chosen-key-0123"));
        Path out = dir.resolve("out.txt");
        assertThat(qctl.run(
                                "dispatch",
                                "--encrypt",
                                "--data",
                                "{\"card\":\"4111-1111\"}",
                                "--",
                                "sh",
                                "-c",
                                "cat > " + out)
                        .exit())
                .isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + qctl.defaultStore());
                var rs = c.createStatement().executeQuery("SELECT payload FROM jobs")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1))
                    .doesNotContain("4111-1111")
                    .contains("\"encrypted\":true")
                    .contains("\"signature\":\"v2:");
        }
        assertThat(dir.resolve("data/qctl/signing.key")).doesNotExist();

        assertThat(qctl.run("work", "--stop-when-empty").exit()).isZero();
        assertThat(Files.readString(out)).isEqualTo("{\"card\":\"4111-1111\"}");
    }
}
