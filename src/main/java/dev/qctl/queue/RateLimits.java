package dev.qctl.queue;

import java.time.Duration;

/**
 * Rate limits shared by every worker through the store: a sliding log of the starts of the last
 * {@code period}, kept by the store's clock and changed in one atomic step, so at most {@code max}
 * jobs of a limit start in any window of that length, across all hosts.
 */
public interface RateLimits {
    /**
     * Records one start under limit {@code name} if fewer than {@code max} started in the last
     * {@code period}: returns zero then. Otherwise records nothing and returns how long until the
     * oldest of those starts leaves the window (at least a millisecond).
     */
    Duration take(String name, int max, Duration period);
}
