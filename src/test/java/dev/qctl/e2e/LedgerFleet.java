package dev.qctl.e2e;

import dev.qctl.testing.Qctl;
import dev.qctl.testing.ledger.LedgerFile;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The workers of a ledger scenario, kept at a fixed number as supervisor would: a worker that
 * dies of its own accord (a poison job that ends the JVM) is noted in the ledger as a fault and
 * replaced; the faults the scenario injects (kill -9, SIGSTOP, SIGTERM) go through here so they
 * are noted too.
 */
final class LedgerFleet implements AutoCloseable {
    /** The harness each worker is started from, by slot: its environment may set the worker's clock apart. */
    private final List<Qctl> qctls;

    private final LedgerFile ledger;
    private final List<String> workArgs;
    private final Qctl.Running[] workers;
    private final long[] lastSeenAlive;
    private final List<String> unexpectedExits = new ArrayList<>(); // guarded by this
    private final Thread watchdog;
    private int deaths; // guarded by this
    private volatile boolean closing;

    LedgerFleet(Qctl qctl, LedgerFile ledger, List<String> workArgs, int size) throws IOException {
        this(java.util.Collections.nCopies(size, qctl), ledger, workArgs);
    }

    /** One worker for each harness, started (and replaced) from it. */
    LedgerFleet(List<Qctl> qctls, LedgerFile ledger, List<String> workArgs) throws IOException {
        int size = qctls.size();
        this.qctls = List.copyOf(qctls);
        this.ledger = ledger;
        this.workArgs = workArgs;
        this.workers = new Qctl.Running[size];
        this.lastSeenAlive = new long[size];
        for (int i = 0; i < size; i++) replace(i);
        this.watchdog = Thread.ofPlatform().daemon().name("ledger-fleet").start(this::watch);
    }

    int size() {
        return workers.length;
    }

    synchronized long pid(int i) {
        return workers[i].pid();
    }

    /** The workers running now (none that a SIGTERM is draining). */
    synchronized List<Qctl.Running> running() {
        List<Qctl.Running> now = new ArrayList<>();
        for (Qctl.Running w : workers) if (w != null) now.add(w);
        return now;
    }

    /** kill -9, then a fresh worker in its place. */
    synchronized void killNine(int i) throws InterruptedException, IOException {
        long at = System.currentTimeMillis();
        workers[i].kill();
        ledger.fault("kill-9", at, System.currentTimeMillis());
        replace(i);
    }

    /** SIGSTOP past the lease, then SIGCONT: a zombie whose late acks must be refused. */
    void freeze(int i, Duration howLong) throws IOException, InterruptedException {
        Qctl.Running w;
        synchronized (this) {
            w = workers[i];
        }
        long at = System.currentTimeMillis();
        w.signal("STOP");
        try {
            Thread.sleep(howLong.toMillis());
        } finally {
            w.signal("CONT");
            ledger.fault("sigstop", at, System.currentTimeMillis());
        }
    }

    /** SIGTERM and wait for the drain (a clean stop: it must repeat no job); then a fresh worker. */
    int term(int i) throws IOException, InterruptedException {
        Qctl.Running w;
        synchronized (this) {
            w = workers[i];
            workers[i] = null; // not the watchdog's to replace
        }
        long at = System.currentTimeMillis();
        w.signal("TERM");
        int exit = w.waitFor(Duration.ofSeconds(30));
        ledger.fault("clean-sigterm", at, System.currentTimeMillis());
        synchronized (this) {
            replace(i);
        }
        if (exit != 0) noteUnexpected("SIGTERM drain of " + w.pid() + " exited " + exit + ": " + w.stderr());
        return exit;
    }

    /** Exits nobody asked for, other than the ones poison jobs cause (those are faults). */
    synchronized List<String> unexpectedExits() {
        return List.copyOf(unexpectedExits);
    }

    /** How many times a worker died of its own accord. */
    synchronized int deaths() {
        return deaths;
    }

    private void replace(int i) throws IOException {
        workers[i] = qctls.get(i).start(workArgs.toArray(String[]::new));
        lastSeenAlive[i] = System.currentTimeMillis();
    }

    private void watch() {
        while (!closing) {
            synchronized (this) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < workers.length; i++) {
                    if (workers[i] == null) continue;
                    if (workers[i].isAlive()) {
                        lastSeenAlive[i] = now;
                        continue;
                    }
                    // a poison job took the JVM down: its running jobs may run again
                    ledger.fault("worker-died", lastSeenAlive[i], now);
                    deaths++;
                    try {
                        replace(i);
                    } catch (IOException e) {
                        noteUnexpected("cannot start a worker: " + e);
                    }
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits (bounded) for a worker's first line, printed once it handles signals. */
    private static void awaitReady(Qctl.Running w) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (w.isAlive() && !w.stdout().contains("Processing jobs from") && System.nanoTime() < deadline)
            Thread.sleep(50);
    }

    private synchronized void noteUnexpected(String what) {
        unexpectedExits.add(what);
    }

    /** SIGTERM to every worker; each must drain and exit 0. */
    @Override
    public void close() throws IOException, InterruptedException {
        closing = true;
        watchdog.join();
        // a worker still starting has no signal handler yet: TERM would end it with 143, not a drain
        for (Qctl.Running w : workers) if (w != null) awaitReady(w);
        for (Qctl.Running w : workers) if (w != null && w.isAlive()) w.signal("TERM");
        for (Qctl.Running w : workers) {
            if (w == null) continue;
            int exit = w.waitFor(Duration.ofSeconds(30));
            if (exit != 0) noteUnexpected("worker " + w.pid() + " exited " + exit + " on SIGTERM: " + w.stderr());
        }
    }
}
