package dev.qctl.redis;

/**
 * Counts this connection's reservation calls, so the notify listener can wait for the worker
 * to act on one wake-up before it listens for the next. Without that, a busy worker's listener
 * spun through one notify token per job (a BLPOP round trip each) while the reservations
 * themselves were already taking the jobs.
 */
final class ReserveRounds {
    private long rounds;

    synchronized void happened() {
        rounds++;
        notifyAll();
    }

    synchronized long current() {
        return rounds;
    }

    /** Waits until a reservation after {@code seen} has happened, or the timeout passes. */
    synchronized void awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (rounds <= seen) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return;
            wait(left);
        }
    }
}
