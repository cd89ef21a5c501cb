package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.sql.TestStores;
import dev.qctl.testing.PartitionProxy;
import dev.qctl.testing.PrivateMariadb;
import dev.qctl.testing.PrivatePostgres;
import dev.qctl.testing.PrivateRedis;
import dev.qctl.testing.RestartableStore;
import dev.qctl.testing.ledger.LedgerReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's fault suite: on every store, ledger jobs run in waves while workers are killed,
 * frozen and drained, the link to the store is cut and slowed, the private Redis is restarted,
 * poison jobs take workers down and a job is written straight into the store with its attempts
 * at the column's limit (it must end failed with the reason); crowds of workers (10 processes on
 * MariaDB, 8 on one SQLite file) take kill -9 and a drain; the ledger must show nothing lost, every duplicate at a
 * fault, nothing stuck, nothing failed unrun and no secret printed. By default each store takes
 * every fault it can once, in three or four waves of {@value #CI_JOBS_PER_WAVE} jobs; {@code -Dqctl.soak=10m}
 * instead loops random faults on each store for that long. Each run prints its figures and
 * appends them to {@code target/ledger-figures.txt}.
 */
class LedgerIT {
    private static final int CI_JOBS_PER_WAVE = 75;
    /** Keyed jobs, and batch jobs, in the short profile's keyed wave. */
    private static final int CI_KEYED_JOBS = 12;
    /** Worker processes of the crowd scenarios in the short profile, and their one wave's jobs. */
    private static final int CROWD_WORKERS = 10;

    private static final int CROWD_JOBS = 200;
    /** How far the clock-skew scenarios set a worker's clock apart, each way. */
    private static final Duration SKEW = Duration.ofSeconds(120);
    /** A clock-skew job outlasts the lease ({@link LedgerScenario#LEASE}), so only renewals keep it its worker's. */
    private static final String SKEWED_JOB = "sleep 4.$((RANDOM % 10))";
    /** One round of the skewed fleet's 9 slots and a few more, so a slot freed early meets a job: about 10 s. */
    private static final int SKEWED_JOBS = 11;

    private static final String URL_PASSWORD = "url-secret-" + UUID.randomUUID();
    /** A password with a slash: such a URL's error once printed it whole. */
    private static final String WRONG_PASSWORD = "wrong/secret-" + UUID.randomUUID();

    @TempDir
    static Path shared;

    private static Path jobJar;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildPoisonJob() throws IOException {
        jobJar = ConfigJobJar.build(shared, Map.of("dev.ledger.Halt", HALT));
    }

    @Test
    void sqlite() throws Exception {
        String url = "sqlite:" + dir.resolve("ledger.sqlite") + "?retry_after=" + LedgerScenario.LEASE.toSeconds();
        run(new LedgerTarget("sqlite", url, url, null, null, List.of(), null));
    }

    @Test
    void postgres() throws Exception {
        // a private cluster: the scenario crashes it (pg_ctl stop -m immediate) and starts it again
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            // it trusts loopback, so the password is accepted and ignored: it must still never show
            String url = withPassword(pg.url(""), URL_PASSWORD);
            serverStore("postgres", url, withPassword(pg.url(""), WRONG_PASSWORD), pg);
        }
    }

    @Test
    void mariadb() throws Exception {
        // a private server with real grant tables: the scenario kills it with -9 and starts it again
        try (PrivateMariadb db = PrivateMariadb.start()) {
            serverStore("mariadb", db.url(""), withPassword(db.url(""), WRONG_PASSWORD), db);
        }
    }

    @Test
    void redis() throws Exception {
        // a private server: the scenario restarts it, and it really requires the URL's password
        try (PrivateRedis redis = PrivateRedis.start(dir, List.of("--requirepass", URL_PASSWORD))) {
            serverStore(
                    "redis",
                    "redis://:" + URL_PASSWORD + "@127.0.0.1:" + redis.port() + "/0",
                    "redis://:" + WRONG_PASSWORD + "@127.0.0.1:" + redis.port() + "/0",
                    redis);
        }
    }

    /**
     * Deadlock-prone load on MariaDB: many worker processes reserving and acking on one table at
     * once ({@value #CROWD_WORKERS} processes of 5 slots; 50 processes in the soak), with kill -9
     * and a SIGTERM drain among them.
     */
    @Test
    void mariadbCrowd() throws Exception {
        String url = TestStores.mariadbUrl() + "?retry_after=" + LedgerScenario.LEASE.toSeconds();
        crowd(
                new LedgerTarget("mariadb-crowd", url, url, null, null, List.of(), null),
                soakDuration() == null ? CROWD_WORKERS : 50,
                5);
    }

    /** Eight worker processes on one SQLite file (its writers take turns), with kill -9 and a SIGTERM drain. */
    @Test
    void sqliteCrowd() throws Exception {
        String url = "sqlite:" + dir.resolve("crowd.sqlite") + "?retry_after=" + LedgerScenario.LEASE.toSeconds();
        crowd(new LedgerTarget("sqlite-crowd", url, url, null, null, List.of(), null), 8, 4);
    }

    /**
     * Clock skew: of three workers one runs 120 s ahead and one 120 s behind (libfaketime), and
     * every job runs past the lease, renewed meanwhile. The store's clock times leases on the
     * server stores, so no job may start twice, none be lost or failed unrun. The skew itself is
     * no fault in the ledger: any repeat is unexplained. (SQLite has no clock of its own: there a
     * worker set apart refuses to start, {@code SqliteClockSkewIT}.)
     */
    @Test
    void postgresClockSkew() throws Exception {
        skewed("postgres-skew", TestStores.postgresUrl());
    }

    @Test
    void mariadbClockSkew() throws Exception {
        skewed("mariadb-skew", TestStores.mariadbUrl());
    }

    @Test
    void redisClockSkew() throws Exception {
        skewed("redis-skew", TestStores.redisUrl());
    }

    private void skewed(String name, String url) throws Exception {
        String leased = url + (url.contains("?") ? "&" : "?") + "retry_after=" + LedgerScenario.LEASE.toSeconds();
        LedgerTarget target = new LedgerTarget(name, leased, leased, null, null, List.of(), null);
        List<Map<String, String>> clocks = List.of(
                Map.of(), SkewedClock.env("+" + SKEW.toSeconds() + "s"), SkewedClock.env("-" + SKEW.toSeconds() + "s"));
        run(
                target,
                new LedgerScenario(dir, target, jobJar, clocks, 3, SKEWED_JOB).everyWorkerMustStartAJob(),
                List.of(List.<LedgerFault>of()),
                List.of(LedgerFault.KILL_9, LedgerFault.SIGSTOP, LedgerFault.SIGTERM),
                SKEWED_JOBS,
                false);
    }

    private void crowd(LedgerTarget target, int workers, int slots) throws Exception {
        run(
                target,
                // jobs of 1-2 s, so the wave is still running when the faults come (quick ones are all done before
                // dispatch has returned, with this many slots)
                new LedgerScenario(dir, target, jobJar, workers, slots, "sleep 1.$((RANDOM % 10))"),
                List.of(List.of(LedgerFault.KILL_9, LedgerFault.SIGTERM)),
                List.of(LedgerFault.KILL_9, LedgerFault.SIGSTOP, LedgerFault.SIGTERM),
                CROWD_JOBS,
                false);
    }

    private void serverStore(String name, String url, String wrongPasswordUrl, RestartableStore restartable)
            throws Exception {
        URI uri = URI.create(url);
        String hostPort = uri.getHost() + ":" + uri.getPort();
        assertThat(url).contains("@" + hostPort);
        String lease = (url.contains("?") ? "&" : "?") + "retry_after=" + LedgerScenario.LEASE.toSeconds();
        try (PartitionProxy proxy = new PartitionProxy(uri.getHost(), uri.getPort())) {
            String viaProxy = url.replace("@" + hostPort, "@127.0.0.1:" + proxy.port());
            run(new LedgerTarget(
                    name,
                    url + lease,
                    viaProxy + lease,
                    proxy,
                    restartable,
                    List.of(URL_PASSWORD, WRONG_PASSWORD),
                    wrongPasswordUrl));
        }
    }

    private void run(LedgerTarget target) throws Exception {
        run(
                target,
                new LedgerScenario(dir, target, jobJar),
                LedgerFault.ciWaves(target),
                LedgerFault.availableOn(target),
                CI_JOBS_PER_WAVE,
                true);
    }

    /**
     * The short profile's {@code ciWaves} of {@code jobsPerWave} jobs, or the soak's random {@code
     * faults}; with {@code keyedWaves}, also keyed jobs and a batch under kill -9 (one wave of
     * {@value #CI_KEYED_JOBS} of each in the short profile, one wave in five in the soak).
     */
    private void run(
            LedgerTarget target,
            LedgerScenario scenario,
            List<List<LedgerFault>> ciWaves,
            List<LedgerFault> faults,
            int jobsPerWave,
            boolean keyedWaves)
            throws Exception {
        Duration soak = soakDuration();
        long began = System.nanoTime();
        LedgerReport report;
        try {
            if (soak == null) {
                for (List<LedgerFault> wave : ciWaves) scenario.wave(wave, jobsPerWave);
                if (keyedWaves) scenario.keyedWave(CI_KEYED_JOBS);
            } else {
                Random random = new Random();
                long end = began + soak.toNanos();
                while (System.nanoTime() < end) {
                    if (keyedWaves && random.nextInt(5) == 0) scenario.keyedWave(10 + random.nextInt(30));
                    else scenario.wave(List.of(faults.get(random.nextInt(faults.size()))), 20 + random.nextInt(80));
                }
            }
        } finally {
            report = scenario.finish();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        String figures = "LEDGER " + target.name() + " " + (soak == null ? "ci" : "soak") + " duration=" + seconds
                + "s faults_injected=" + scenario.faults() + " worker_deaths="
                + scenario.fleet().deaths() + " "
                + report.figures() + scenario.keyedFigures();
        System.out.println(figures);
        Files.writeString(
                Path.of("target", "ledger-figures.txt"),
                figures + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertThat(report.problems()).as(figures).isEmpty();
        assertThat(scenario.notes()).as(figures).isEmpty();
        assertThat(report.jobs()).isPositive();
    }

    /** {@code qctl.soak} as 90s, 10m or 1h; absent for the short CI profile. */
    private static Duration soakDuration() {
        String value = System.getProperty("qctl.soak");
        if (value == null || value.isBlank()) return null;
        long n = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("qctl.soak is like 90s, 10m or 1h: " + value);
        };
    }

    private static String withPassword(String url, String password) {
        return url.replaceFirst("://([^:@/]+)@", "://$1:" + password + "@");
    }

    /** A poison job: it notes its start in the ledger, then ends its worker's JVM on the spot. */
    private static final String HALT = """
            package dev.ledger;

            import dev.qctl.api.Job;
            import dev.qctl.api.JobContext;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            import java.util.Locale;

            public record Halt(String ledger, String id) implements Job {
                @Override
                public void handle(JobContext ctx) throws Exception {
                    String line = String.format(Locale.ROOT, "start %s %d %d %.6f%n", id, ctx.attempt(),
                            ProcessHandle.current().pid(), System.currentTimeMillis() / 1000.0);
                    Files.writeString(Path.of(ledger), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Runtime.getRuntime().halt(70);
                }
            }
            """;
}
