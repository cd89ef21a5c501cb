package dev.qctl.e2e;

import java.util.ArrayList;
import java.util.List;

/** The faults a ledger scenario injects while a wave of jobs runs. */
enum LedgerFault {
    /** kill -9 of the worker that started the latest job: it holds running and reserved-ahead jobs. */
    KILL_9,
    /** SIGSTOP of a worker past its lease, then SIGCONT: its late acks must be refused. */
    SIGSTOP,
    /** SIGTERM: the worker drains and exits 0, repeating nothing. */
    SIGTERM,
    /** The workers' link to the store goes silent for a while, then its connections reset. */
    CUT,
    /** 40 ms more each way on the workers' link to the store: slower, but no job repeats. */
    LATENCY,
    /**
     * The private store server is crashed and started again (Redis: kill -9, AOF; PostgreSQL: an
     * immediate stop; MariaDB: kill -9): the workers must say they lost it and found it again.
     */
    STORE_RESTART,
    /** Jobs that end their worker's JVM, segfault, or fail holding a secret in their data. */
    POISON,
    /**
     * A job written straight into the store with its attempts at the column's limit (PostgreSQL
     * smallint 32767, MariaDB tinyint 255; on Redis a count past 2^53): it must end failed with
     * the reason, unrun, and the jobs beside it must run.
     */
    ATTEMPTS_LIMIT;

    /**
     * The short profile's waves: every fault this store can take, paired where one stalls the
     * wave (a cut, a restart) so the one after it still meets jobs.
     */
    static List<List<LedgerFault>> ciWaves(LedgerTarget target) {
        List<List<LedgerFault>> waves = new ArrayList<>();
        waves.add(target.restartable() != null ? List.of(STORE_RESTART, KILL_9) : List.of(KILL_9));
        waves.add(List.of(SIGSTOP, ATTEMPTS_LIMIT));
        waves.add(List.of(POISON, SIGTERM));
        if (target.proxy() != null) waves.add(List.of(CUT, LATENCY));
        return waves;
    }

    /** The faults this store can take: no link to cut on SQLite, restarts only on private servers. */
    static List<LedgerFault> availableOn(LedgerTarget target) {
        List<LedgerFault> all = new ArrayList<>(List.of(KILL_9, SIGSTOP, SIGTERM, POISON, ATTEMPTS_LIMIT));
        if (target.proxy() != null) all.addAll(List.of(CUT, LATENCY));
        if (target.restartable() != null) all.add(STORE_RESTART);
        return all;
    }
}
