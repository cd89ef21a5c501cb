package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import dev.qctl.testing.ledger.LedgerChecker;
import dev.qctl.testing.ledger.LedgerFile;
import dev.qctl.testing.ledger.LedgerLine;
import dev.qctl.testing.ledger.LedgerReport;
import dev.qctl.testing.ledger.SecretScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs ledger jobs on one store in waves, one fault per wave, with a fleet of workers kept
 * alive throughout; then lets the store settle and checks the ledger. Leases are short
 * ({@link #LEASE}) so a lost one comes back within the run.
 */
final class LedgerScenario {
    static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration WAVE_LIMIT = Duration.ofSeconds(60);
    private static final int TRIES = 3;
    /** What a ledger job does by default: up to 40 ms of sleep. */
    static final String QUICK_WORK = "sleep 0.0$((RANDOM % 5))";
    /** What a keyed or batch job does: 1.0 to 1.4 s, so kills and probes (a JVM start each) meet it running. */
    private static final String KEYED_WORK = "sleep 1.$((RANDOM % 5))";

    private final Qctl qctl;
    private final Path dir;
    private final LedgerTarget target;
    private final LedgerFile ledger;
    private final String queue = "ledger-" + UUID.randomUUID().toString().substring(0, 8);
    private final String dataSecret = "data-secret-" + UUID.randomUUID();
    private final List<String> poisonIds = new ArrayList<>();
    /** Uuids of the jobs written at the attempts limit: each must end failed, unrun. */
    private final List<String> atLimitUuids = new ArrayList<>();

    /** The workers that were running when the store was restarted: each must say it lost the store and found it again. */
    private final List<Qctl.Running> sawTheRestart = new ArrayList<>();
    /** When the restarted store was up again, epoch seconds. */
    private double restartedAt;

    private final List<String> notes = new ArrayList<>();
    private final List<LedgerKeys> keyed = new ArrayList<>();
    private final List<LedgerBatch> batches = new ArrayList<>();
    private long keyedSeconds;
    private final LedgerFleet fleet;
    private final String work;
    private int next;
    private int faults;
    private boolean everyWorkerMustStart;

    LedgerScenario(Path dir, LedgerTarget target, Path jobJar) throws IOException, InterruptedException {
        this(dir, target, jobJar, 2, 4, QUICK_WORK);
    }

    /**
     * A scenario with {@code workers} worker processes of {@code concurrency} slots each, whose
     * jobs do {@code work} (a bash command) between their ledger lines.
     */
    LedgerScenario(Path dir, LedgerTarget target, Path jobJar, int workers, int concurrency, String work)
            throws IOException, InterruptedException {
        this(dir, target, jobJar, java.util.Collections.nCopies(workers, Map.of()), concurrency, work);
    }

    /**
     * A scenario with one worker process for each environment in {@code workerEnvs} (added to
     * the harness's: {@link SkewedClock} sets a worker's clock apart with one), of
     * {@code concurrency} slots each.
     */
    LedgerScenario(
            Path dir,
            LedgerTarget target,
            Path jobJar,
            List<Map<String, String>> workerEnvs,
            int concurrency,
            String work)
            throws IOException, InterruptedException {
        this.work = work;
        this.dir = dir;
        this.target = target;
        this.qctl = new Qctl(dir);
        this.ledger = new LedgerFile(dir.resolve("ledger.txt"));
        if (!target.storeUrl().startsWith("sqlite:")) {
            Qctl.Result migrated = qctl.run("migrate", "-c", target.storeUrl());
            assertThat(migrated.exit()).as(migrated.err()).isZero();
        }
        List<Qctl> harnesses = new ArrayList<>();
        for (Map<String, String> env : workerEnvs) harnesses.add(env.isEmpty() ? qctl : new Qctl(dir, env));
        this.fleet = new LedgerFleet(
                harnesses,
                ledger,
                List.of(
                        "work",
                        target.workerUrl(),
                        "--queue",
                        queue,
                        "--concurrency",
                        Integer.toString(concurrency),
                        "--tries",
                        Integer.toString(TRIES),
                        "--sleep",
                        "0.1",
                        "--classpath",
                        jobJar.toString()));
    }

    /**
     * One wave of {@code jobs} ledger jobs with {@code faults} injected one after the other once it
     * is under way (a cut or a restart stalls the wave, so what follows it still meets jobs).
     */
    void wave(List<LedgerFault> faults, int jobs) throws Exception {
        List<String> ids = dispatch(faults.contains(LedgerFault.POISON), jobs);
        awaitStarts(ids, Math.min(5, jobs));
        for (LedgerFault f : faults) {
            inject(f);
            this.faults++;
        }
        awaitFinished(ids);
    }

    /**
     * A wave of keyed jobs (dispatch ids and unique keys, see {@link LedgerKeys}) beside a batch
     * with callbacks ({@link LedgerBatch}), {@code jobs} of each, while a prober dispatches the
     * keys again and a worker is killed with -9 twice: once the wave is under way and again when
     * half of it has started. Then every key must be accepted once more; the checks run in
     * {@link #finish}.
     */
    void keyedWave(int jobs) throws Exception {
        long began = System.nanoTime();
        LedgerKeys keys = new LedgerKeys(qctl, ledger, dir, target.storeUrl(), queue, TRIES, LEASE);
        LedgerBatch batch = new LedgerBatch(qctl, dir, target.storeUrl(), queue);
        keyed.add(keys);
        batches.add(batch);
        List<String> ids = new ArrayList<>(keys.dispatch(jobs, KEYED_WORK, this::nextId));
        ids.addAll(batch.dispatch(ledger, jobs, KEYED_WORK, TRIES, this::nextId));
        keys.probeTheDelayedKey(KEYED_WORK, this::nextId);
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        Thread prober = keys.startProber(over, KEYED_WORK, this::nextId);
        try {
            awaitStarts(ids, 3);
            inject(LedgerFault.KILL_9);
            awaitStarts(ids, ids.size() / 2);
            inject(LedgerFault.KILL_9);
            this.faults += 2;
            awaitFinished(ids);
        } finally {
            over.set(true);
            prober.join();
        }
        awaitFinished(keys.accepted());
        awaitFailed(keys.failingIds());
        awaitFinished(keys.redispatchAll(QUICK_WORK, this::nextId));
        batch.awaitCallbacks();
        keyedSeconds += Duration.ofNanos(System.nanoTime() - began).toSeconds();
    }

    /** Lets the store settle (lost leases come back after the lease and a tick), stops the fleet and checks. */
    LedgerReport finish() throws Exception {
        long deadline = System.nanoTime() + WAVE_LIMIT.toNanos();
        int mustFail = poisonIds.size() + atLimitUuids.size();
        while (mustFail > 0 && failedUuids().size() < mustFail && System.nanoTime() < deadline) Thread.sleep(1000);
        atLimitEndedFailedWithTheReason();
        long settle = System.nanoTime() + LEASE.multipliedBy(3).plusSeconds(2).toNanos();
        int left;
        do {
            left = leftInQueue();
            if (left == 0) break;
            Thread.sleep(500);
        } while (System.nanoTime() < settle);
        if (everyWorkerMustStart) everyWorkerStartedAJob();
        fleet.close();
        notes.addAll(fleet.unexpectedExits());
        workersRecoveredByThemselves();
        int stuck = leftInQueue();
        Set<String> failed = failedUuids();
        wrongPasswordSaysSoInOneLine();
        List<String> secrets = new ArrayList<>(target.secrets());
        secrets.add(dataSecret);
        List<String> found = SecretScan.capturedOutput(dir, secrets);
        for (LedgerKeys keys : keyed) notes.addAll(keys.problems(ledger.lines(), failed));
        for (LedgerBatch batch : batches) notes.addAll(batch.problems());
        keepForPostMortem();
        return new LedgerChecker(Duration.ofSeconds(2)).check(ledger.lines(), failed, stuck, found);
    }

    /** The ledger and the workers' stderr, under target/ledger-runs/STORE, for a failure to be read after the temp dir is gone. */
    private void keepForPostMortem() throws IOException {
        Path keep = Files.createDirectories(Path.of("target", "ledger-runs", target.name()));
        Files.copy(ledger.path(), keep.resolve("ledger.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("qctl-work-"))
                    .toList())
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Asks {@link #finish} to note a worker that started no job: a scenario about one worker must show it took part. */
    LedgerScenario everyWorkerMustStartAJob() {
        everyWorkerMustStart = true;
        return this;
    }

    private void everyWorkerStartedAJob() {
        Set<Long> starters = new HashSet<>();
        for (LedgerLine l : ledger.lines()) if (l.kind().equals("start")) starters.add(l.workerPid());
        for (int w = 0; w < fleet.size(); w++)
            if (!starters.contains(fleet.pid(w)))
                notes.add("worker " + w + " (pid " + fleet.pid(w) + ") started no job");
    }

    /** The keyed waves' probes and the batches' callbacks, for the figures ("" when there were none). */
    String keyedFigures() {
        StringBuilder text = new StringBuilder();
        if (!keyed.isEmpty())
            text.append(" keyed_waves=")
                    .append(keyed.size())
                    .append(" (")
                    .append(keyedSeconds)
                    .append("s)");
        long accepted = 0;
        long refused = 0;
        for (LedgerKeys keys : keyed) {
            accepted += keys.acceptedAndRefused()[0];
            refused += keys.acceptedAndRefused()[1];
        }
        if (!keyed.isEmpty())
            text.append(" key_probes_accepted=")
                    .append(accepted)
                    .append(" refused=")
                    .append(refused);
        for (String kind : List.of("then", "catch", "finally")) {
            int n = batches.stream().mapToInt(b -> b.dispatches(kind)).sum();
            if (!batches.isEmpty())
                text.append(' ').append(kind).append("_callbacks=").append(n);
        }
        if (!batches.isEmpty()) text.append(" (batches=").append(batches.size()).append(')');
        return text.toString();
    }

    private String nextId() {
        synchronized (this) {
            return "j" + next++;
        }
    }

    /** Waits (bounded) until the jobs with these ledger ids are in the failed store. */
    private void awaitFailed(List<String> ids) throws IOException, InterruptedException {
        Set<String> uuids = new HashSet<>();
        for (LedgerLine l : ledger.lines())
            if (l.kind().equals("dispatched") && ids.contains(l.id())) uuids.add(l.uuid());
        long deadline = System.nanoTime() + WAVE_LIMIT.toNanos();
        while (!failedUuids().containsAll(uuids) && System.nanoTime() < deadline) Thread.sleep(200);
    }

    int faults() {
        return faults;
    }

    /** What went wrong outside the ledger's figures (a drain that did not exit 0, a multi-line error). */
    List<String> notes() {
        return notes;
    }

    LedgerFleet fleet() {
        return fleet;
    }

    private List<String> dispatch(boolean poison, int jobs) throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder();
        List<String> ids = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String id = nextId();
            ids.add(id);
            all.add(id);
            lines.append(exec(ledger.jobScript(id, work), TRIES, null)).append('\n');
        }
        if (poison) {
            String segv = nextId();
            lines.append(exec(ledger.jobScript(segv, "kill -SEGV $$"), 2, null)).append('\n');
            String secret = nextId();
            lines.append(exec(ledger.jobScript(secret, "exit 3"), 1, dataSecret))
                    .append('\n');
            String halt = nextId();
            ObjectNode job = Json.MAPPER.createObjectNode().put("job", "java:dev.ledger.Halt");
            job.putObject("data").put("ledger", ledger.path().toString()).put("id", halt);
            job.put("tries", 1).put("queue", queue); // one JVM down is the point; more only costs leases
            lines.append(Json.write(job)).append('\n');
            for (String id : List.of(segv, secret, halt)) {
                all.add(id);
                poisonIds.add(id);
            }
        }
        Path file = dir.resolve("wave-" + next + ".jsonl");
        Files.writeString(file, lines);
        Qctl.Result dispatched =
                qctl.run("dispatch", "-c", target.storeUrl(), "--queue", queue, "--from", file.toString(), "--json");
        assertThat(dispatched.exit()).as(dispatched.err()).isZero();
        List<String> out = dispatched.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(out).hasSize(all.size());
        for (int i = 0; i < all.size(); i++)
            ledger.dispatched(
                    all.get(i), Json.parse(out.get(i), "dispatch").path("uuid").asText());
        return ids;
    }

    private String exec(String script, int tries, String secret) {
        ObjectNode job = Json.MAPPER.createObjectNode().put("job", "exec");
        ObjectNode data = job.putObject("data");
        data.putArray("argv").add("bash").add("-c").add(script);
        if (secret != null) data.putObject("input").put("api_token", secret);
        job.put("tries", tries).put("queue", queue);
        return Json.write(job);
    }

    private void inject(LedgerFault fault) throws Exception {
        switch (fault) {
            case KILL_9 -> fleet.killNine(busiestWorker());
            case SIGSTOP -> fleet.freeze(busiestWorker(), LEASE.plusSeconds(1));
            case SIGTERM -> fleet.term(busiestWorker());
            case CUT -> {
                long at = System.currentTimeMillis();
                target.proxy().cut();
                Thread.sleep(2000);
                target.proxy().heal();
                ledger.fault("cut", at, System.currentTimeMillis());
            }
            case LATENCY -> {
                long at = System.currentTimeMillis();
                target.proxy().delay(Duration.ofMillis(40));
                Thread.sleep(3000);
                target.proxy().delay(Duration.ZERO);
                ledger.fault("clean-latency", at, System.currentTimeMillis());
            }
            case STORE_RESTART -> {
                List<Qctl.Running> through = fleet.running();
                long at = System.currentTimeMillis();
                target.restartable().kill();
                Thread.sleep(1000);
                target.restartable().launch();
                restartedAt = System.currentTimeMillis() / 1000.0;
                ledger.fault("store-restart", at, System.currentTimeMillis());
                sawTheRestart.addAll(through);
            }
            case ATTEMPTS_LIMIT -> atLimitUuids.add(AttemptsAtLimit.write(qctl, target.storeUrl(), queue, ledger));
            case POISON -> {
                // the poison jobs are in the wave itself; the fleet notes each worker they take down
            }
        }
    }

    /** The worker that started the latest job, so the fault hits one with jobs in hand. */
    private int busiestWorker() {
        List<LedgerLine> lines = ledger.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            LedgerLine l = lines.get(i);
            if (!l.kind().equals("start")) continue;
            for (int w = 0; w < fleet.size(); w++) if (fleet.pid(w) == l.workerPid()) return w;
        }
        return 0;
    }

    private void awaitStarts(List<String> ids, int count) throws InterruptedException {
        Set<String> wanted = Set.copyOf(ids);
        long deadline = System.nanoTime() + WAVE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            long started = ledger.lines().stream()
                    .filter(l -> l.kind().equals("start") && wanted.contains(l.id()))
                    .count();
            if (started >= count) return;
            Thread.sleep(20);
        }
        notes.add("a wave did not start within " + WAVE_LIMIT);
    }

    private void awaitFinished(List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + WAVE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> finished = new HashSet<>();
            for (LedgerLine l : ledger.lines()) if (l.kind().equals("finish")) finished.add(l.id());
            if (finished.containsAll(ids)) return;
            Thread.sleep(100);
        }
        // what is missing shows as lost in the report
    }

    private int leftInQueue() throws IOException, InterruptedException {
        Qctl.Result monitor = qctl.run("monitor", "-c", target.storeUrl(), "--queue", queue, "--json");
        assertThat(monitor.exit()).as(monitor.err()).isZero();
        int left = 0;
        for (JsonNode q : Json.parse(monitor.out(), "monitor"))
            left += q.path("pending").asInt()
                    + q.path("reserved").asInt()
                    + q.path("delayed").asInt();
        return left;
    }

    private Set<String> failedUuids() throws IOException, InterruptedException {
        Qctl.Result failed = qctl.run("failed", "-c", target.storeUrl(), "--queue", queue, "--json");
        assertThat(failed.exit()).as(failed.err()).isZero();
        Set<String> uuids = new HashSet<>();
        for (JsonNode f : Json.parse(failed.out(), "failed"))
            uuids.add(f.path("uuid").asText());
        return uuids;
    }

    /** Each job written at the attempts limit is failed with a reason that says so (it never ran: the ledger shows no start). */
    private void atLimitEndedFailedWithTheReason() throws IOException, InterruptedException {
        if (atLimitUuids.isEmpty()) return;
        Qctl.Result failed = qctl.run("failed", "-c", target.storeUrl(), "--queue", queue, "--json");
        for (String uuid : atLimitUuids) {
            String reason = null;
            for (JsonNode f : Json.parse(failed.out(), "failed"))
                if (f.path("uuid").asText().equals(uuid))
                    reason = f.path("exception").asText();
            if (reason == null || !reason.toLowerCase(java.util.Locale.ROOT).contains("attempt"))
                notes.add("the job at the attempts limit " + uuid + " ended "
                        + (reason == null ? "not failed" : "failed: " + reason));
        }
    }

    /**
     * The workers that were running when the store was restarted recovered by themselves (the
     * fleet replaces only workers that exit): at least one started a job after the restart, or
     * said it lost the store (reserving, renewing leases, recording an outcome or its heartbeat)
     * and then that the store was back; and none that said it lost the store and lived to
     * drain on SIGTERM did neither (one killed or taken down by a poison job since may not have
     * got that far). A worker whose slots were all busy through the outage reserves nothing then,
     * so "cannot reserve" alone is not required.
     */
    private void workersRecoveredByThemselves() {
        if (sawTheRestart.isEmpty()) return;
        int recovered = 0;
        for (Qctl.Running w : sawTheRestart) {
            String err = w.stderr();
            int lost = firstOf(
                    err, "cannot reserve jobs", "cannot renew the leases", "cannot reach the store", "not recorded");
            boolean said = lost >= 0 && err.indexOf("store reachable again", lost) > lost;
            boolean worked = ledger.lines().stream()
                    .anyMatch(l -> l.kind().equals("start") && l.workerPid() == w.pid() && l.time() > restartedAt);
            // a restart shorter than the pool's retries may pass unseen but for the driver's warnings
            boolean back = worked || lost >= 0 && said;
            if (back) recovered++;
            else if (lost >= 0 && !w.isAlive() && w.process().exitValue() == 0)
                notes.add("worker " + w.pid() + " lost the store and never worked again: " + err);
        }
        if (recovered == 0)
            notes.add("no worker that lived through the store restart worked again or said it recovered");
    }

    /** Where the first of {@code phrases} appears in {@code text}, or -1. */
    private static int firstOf(String text, String... phrases) {
        int first = -1;
        for (String p : phrases) {
            int at = text.indexOf(p);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        return first;
    }

    /** A wrong password in the URL: one line, not exit 0, and (by the secret scan) not the password. */
    private void wrongPasswordSaysSoInOneLine() throws IOException, InterruptedException {
        if (target.wrongPasswordUrl() == null) return;
        Qctl.Result r = qctl.run("monitor", "-c", target.wrongPasswordUrl(), "--queue", queue);
        if (r.exit() == 0 || r.errLines().size() != 1)
            notes.add("a wrong password exited " + r.exit() + " with "
                    + r.errLines().size() + " lines: " + r.err());
    }
}
