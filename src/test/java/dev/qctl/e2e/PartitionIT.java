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
}
