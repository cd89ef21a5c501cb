package dev.qctl.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.config.Stores;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import dev.qctl.testing.PrivateRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sentinel and Cluster URLs against private servers this test starts (redis-server only, no Docker). */
class RedisTopologyTest {
    @TempDir
    Path dir;

    @Test
    void sentinelFindsTheMasterByName() throws Exception {
        try (PrivateRedis master = PrivateRedis.start(Files.createDirectories(dir.resolve("master")))) {
            Path sdir = Files.createDirectories(dir.resolve("sentinel"));
            int port = PrivateRedis.freePort();
            Path conf = sdir.resolve("sentinel.conf");
            Files.writeString(
                    conf,
                    "port " + port + "\nbind 127.0.0.1\ndir " + sdir + "\n" + "sentinel monitor qctl-master 127.0.0.1 "
                            + master.port() + " 1\n");
            Process sentinel = new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
                    .redirectErrorStream(true)
                    .redirectOutput(sdir.resolve("log").toFile())
                    .start();
            try {
                awaitPort(port);
                String url = "redis-sentinel://127.0.0.1:" + port + "/0?master=qctl-master&retry_after=5";
                try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(url))) {
                    backend.push(PushRequest.now("s", job()));
                    ReservedJob job = backend.reserve(List.of("s"), 1).getFirst();
                    assertThat(backend.ack(job)).isTrue();
                }
            } finally {
                sentinel.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void clusterHashTagsEachQueueAndKeepsEveryStepWorking() throws Exception {
        List<PrivateRedis> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(PrivateRedis.start(
                        Files.createDirectories(dir.resolve("node" + i)),
                        List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (PrivateRedis n : nodes) create.add("127.0.0.1:" + n.port());
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            awaitClusterOk(nodes.getFirst().port());

            String url = "redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:"
                    + nodes.get(1).port() + "?retry_after=5&prefix=app:";
            try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(url))) {
                List<String> queues = List.of("alpha", "beta", "gamma", "delta"); // spread over the nodes
                Semaphore woken = new Semaphore(0);
                try (AutoCloseable listening = backend.onNewJobs(queues, woken::release)) {
                    Thread.sleep(200); // let the listeners connect: they show in nothing to await
                    for (String q : queues) backend.push(PushRequest.now(q, job()));
                    assertThat(woken.tryAcquire(4, 5, TimeUnit.SECONDS)).isTrue();
                }
                List<ReservedJob> jobs = backend.reserve(queues, 10);
                assertThat(jobs).hasSize(4);
                assertThat(backend.renew(jobs.get(0))).isTrue();
                assertThat(backend.ackAll(List.of(jobs.get(0)))).containsExactly(true);
                assertThat(backend.release(jobs.get(1), jobs.get(1).rawPayload(), Duration.ZERO))
                        .isTrue();
                assertThat(backend.fail(jobs.get(2), "boom")).isTrue();
                assertThat(backend.fail(jobs.get(2), "again")).isFalse();
                assertThat(backend.sizes("beta").pending()).isEqualTo(1);
                assertThat(backend.clear("delta")).isEqualTo(1);
                List<FailedJob> failed = backend.failedJobs().list(null);
                assertThat(failed).hasSize(1);
                assertThat(backend.failedJobs().forget(failed.getFirst().uuid()))
                        .isTrue();
            }
        } finally {
            for (PrivateRedis n : nodes) n.close();
        }
    }

    /**
     * On Cluster the failed record and the queue live in different slots, so failing a job is two
     * steps. With the failed record's node down, the job must stay reserved (it comes back after
     * retry_after): deleting it first would lose it without a trace.
     */
    @Test
    void clusterFailRecordsBeforeItDeletesSoAFailedRecordNodeLosesNoJob() throws Exception {
        List<PrivateRedis> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(PrivateRedis.start(
                        Files.createDirectories(dir.resolve("fail-node" + i)),
                        List.of(
                                "--cluster-enabled",
                                "yes",
                                "--cluster-config-file",
                                "nodes.conf",
                                "--cluster-require-full-coverage",
                                "no")));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (PrivateRedis n : nodes) create.add("127.0.0.1:" + n.port());
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            awaitClusterOk(nodes.getFirst().port());

            RedisKeys keys = new RedisKeys("app:", true);
            PrivateRedis failedNode = owner(nodes, keys.failedIds());
            String queue = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta").stream()
                    .filter(q -> owner(nodes, keys.reserved(q)) != failedNode)
                    .findFirst()
                    .orElseThrow();
            PrivateRedis queueNode = owner(nodes, keys.reserved(queue));
            String url = "redis-cluster://127.0.0.1:" + queueNode.port() + "?retry_after=60&prefix=app:&timeout=2";
            try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(url))) {
                backend.push(PushRequest.now(queue, job()));
                ReservedJob reserved = backend.reserve(List.of(queue), 1).getFirst();
                failedNode.kill();

                try {
                    backend.fail(reserved, "boom");
                } catch (RuntimeException expected) {
                    // the failed store is unreachable: the outcome is not recorded, and must not be half done
                }
                assertThat(cli(queueNode, "zcard", keys.reserved(queue)))
                        .as("the job is still reserved")
                        .isEqualTo("1");
            }
        } finally {
            for (PrivateRedis n : nodes) n.close();
        }
    }

    /** The node that serves {@code key}'s slot: it answers an EXISTS without a MOVED redirect. */
    private static PrivateRedis owner(List<PrivateRedis> nodes, String key) {
        return nodes.stream()
                .filter(n -> !cli(n, "exists", key).startsWith("MOVED"))
                .findFirst()
                .orElseThrow();
    }

    private static String cli(PrivateRedis node, String... command) {
        try {
            List<String> args = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(node.port())));
            args.addAll(List.of(command));
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static Payload job() {
        return Payload.exec(List.of("true"), null, JobOptions.NONE);
    }

    private static void awaitPort(int port) {
        await("something to listen on " + port)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> PrivateRedis.listens(port));
    }

    private static void awaitClusterOk(int port) {
        await("the cluster to become ready").atMost(Duration.ofSeconds(20)).until(() -> {
            Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "cluster", "info").start();
            String info = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return info.contains("cluster_state:ok");
        });
    }
}
