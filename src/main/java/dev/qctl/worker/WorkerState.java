package dev.qctl.worker;

/**
 * A running worker as /health and the busy/paused gauges see it, read without touching the
 * store. Times are {@link System#nanoTime()} readings, 0 until the first one.
 *
 * @param busy             slots running a job now
 * @param slots            the worker's --concurrency
 * @param paused           paused by a signal, or every one of its queues paused in the store
 * @param lastLoop         when the reservation loop last turned
 * @param loopQuiet        how long the loop may go quiet by design (its longest sleep)
 * @param lastLeaseRound   when the lease keeper last went over the running jobs
 * @param leaseQuiet       how long the lease keeper may go quiet by design
 * @param lastStoreContact when a call to the store (a heartbeat, a reservation) last succeeded
 */
public record WorkerState(
        int busy,
        int slots,
        boolean paused,
        long lastLoop,
        long loopQuiet,
        long lastLeaseRound,
        long leaseQuiet,
        long lastStoreContact) {}
