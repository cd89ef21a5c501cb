package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.sql.TestStores;
import dev.qctl.testing.PartitionProxy;
import dev.qctl.testing.Qctl;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a PostgreSQL worker behind a silent partition (no reset, no refusal: bytes just stop)
 * notices within its socket timeout, says so, and carries on once the network is back.
 */
class PartitionIT {
    @TempDir
    Path dir;

    @Test
    void aWorkerBehindASilentPartitionSaysSoAndRecovers() throws Exception {
        Qctl qctl = new Qctl(dir);
        String direct = TestStores.postgresUrl();
        URI uri = URI.create(direct);
        try (PartitionProxy proxy = new PartitionProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort())) {
            String viaProxy = direct.replace(
                            uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()), "127.0.0.1:" + proxy.port())
                    + (uri.getQuery() == null ? "?" : "&")
                    + "socketTimeout=3"; // the default is 30 s; the mechanism is the same
            assertThat(qctl.run("migrate", "-c", direct).exit()).isZero();
            String queue = "partition-" + UUID.randomUUID().toString().substring(0, 8);
            Path log = dir.resolve("log.txt");
            qctl.run("dispatch", "-c", direct, "--queue", queue, "--", "sh", "-c", "echo before >> " + log);
            Qctl.Running worker = qctl.start("work", "-c", viaProxy, "--queue", queue, "--sleep", "0.2");
            await("the first job")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Qctl.read(log).contains("before"));

            proxy.cut();
            Thread.sleep(500);
            qctl.run("dispatch", "-c", direct, "--queue", queue, "--", "sh", "-c", "echo after >> " + log);
            await("the worker to say the store is not answering")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> worker.stderr().contains("cannot reserve jobs"));
            assertThat(worker.stderr()).doesNotContain("Exception\n\tat ");
            assertThat(Qctl.read(log)).doesNotContain("after");

            proxy.heal();
            await("the worker to recover and run the job dispatched during the cut")
                    .atMost(Duration.ofSeconds(40))
                    .until(() -> Qctl.read(log).contains("after"));
            assertThat(worker.process().isAlive()).isTrue();
            worker.signal("TERM");
            assertThat(worker.waitFor(Duration.ofSeconds(30)))
                    .as(worker.stderr())
                    .isZero();
        }
    }

    /**
     * Issue 19: leases renew in one round trip per worker. With 150 ms each way between a worker
     * and PostgreSQL, renewing 20 leases one transaction at a time took longer than retry_after,
     * and a healthy second worker restarted jobs that were still running.
     */
    @Test
    void aSlowLinkDoesNotCostAWorkerItsLeases() throws Exception {
        Qctl qctl = new Qctl(dir);
        String direct = TestStores.postgresUrl();
        URI uri = URI.create(direct);
        String lease = (uri.getQuery() == null ? "?" : "&") + "retry_after=6";
        try (PartitionProxy proxy = new PartitionProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort())) {
            String slow = direct.replace(
                            uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()), "127.0.0.1:" + proxy.port())
                    + lease;
            assertThat(qctl.run("migrate", "-c", direct).exit()).isZero();
            String queue = "slow-link-" + UUID.randomUUID().toString().substring(0, 8);
            Path log = dir.resolve("log.txt");
            for (int i = 0; i < 20; i++)
                qctl.run(
                        "dispatch",
                        "-c",
                        direct + lease,
                        "--queue",
                        queue,
                        "--",
                        "sh",
                        "-c",
                        "echo start >> " + log + "; sleep 10; echo end >> " + log);
            proxy.delay(Duration.ofMillis(150));
            Qctl.Running far =
                    qctl.start("work", "-c", slow, "--queue", queue, "--concurrency", "20", "--sleep", "0.5");
            await("the far worker to start the jobs")
                    .atMost(Duration.ofSeconds(40))
                    .until(() ->
                            Qctl.lines(log).stream().filter("start"::equals).count() >= 20
                                    || !far.process().isAlive());
            Qctl.Running near = qctl.start("work", "-c", direct + lease, "--queue", queue, "--sleep", "0.2");
            await("every job to end")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> Qctl.lines(log).stream().filter("end"::equals).count() >= 20);
            Thread.sleep(1000);
            assertThat(Qctl.lines(log).stream().filter("start"::equals).count())
                    .as("no job restarted while its worker held it: " + far.stderr())
                    .isEqualTo(20);
            // a lapsed lease shows as a second start, or (at the default --tries=1) as a job the
            // second worker fails unrun for having been attempted too often
            assertThat(near.stdout()).as("the near worker took nothing").doesNotContain("FAIL", "DONE");
            assertThat(far.stderr()).doesNotContain("rejected", "was lost");
            assertThat(qctl.run("failed", "-c", direct, "--queue", queue, "--json")
                            .out()
                            .trim())
                    .isEqualTo("[]");
            for (Qctl.Running w : java.util.List.of(far, near)) w.signal("TERM");
            for (Qctl.Running w : java.util.List.of(far, near))
                assertThat(w.waitFor(Duration.ofSeconds(30))).as(w.stderr()).isZero();
        }
    }
}
