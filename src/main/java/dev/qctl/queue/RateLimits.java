package dev.qctl.queue;

import java.time.Duration;

/**
 * Rate limits shared by every worker through the store: a sliding log of the starts of the last
 * {@code period}, kept by the store's clock and changed in one atomic step, so at most {@code max}
 * jobs of a limit start in any window of that length, across all hosts.
 */
public interface RateLimits {
    /** A limit's window now: {@code used} starts in the last period, the oldest leaving it in {@code freesIn}. */
    record Window(String name, int used, Duration freesIn) {}

    /**
     * Records one start under limit {@code name} if fewer than {@code max} started in the last
     * {@code period}: returns zero then. Otherwise records nothing and returns how long until the
     * oldest of those starts leaves the window (at least a millisecond).
     */
    Duration take(String name, int max, Duration period);

    /**
     * How many starts limit {@code name} counts in its current window of {@code period}, and how
     * long until the oldest of them leaves it (zero if none), without taking a start.
     */
    Window window(String name, Duration period);
}
