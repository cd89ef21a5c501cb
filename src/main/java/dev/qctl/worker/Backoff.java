package dev.qctl.worker;

import dev.qctl.base.UsageException;
import dev.qctl.queue.JobOptions;
import java.time.Duration;

/**
 * Laravel's backoff list: "1,5,10" waits 1 s before the second attempt, 5 s before the third
 * and 10 s before every later one.
 */
public final class Backoff {
    private Backoff() {}

    /** The delay after failed attempt number {@code attempt} (1-based). */
    public static Duration after(String backoff, int attempt) {
        if (backoff == null || backoff.isBlank()) return Duration.ZERO;
        String[] steps = backoff.split(",");
        String step = steps[Math.min(Math.max(attempt, 1), steps.length) - 1].trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(step)));
        } catch (NumberFormatException e) {
            return Duration.ZERO; // a payload with a bad backoff still gets retried, just without waiting
        }
    }

    /** Checks a user-supplied backoff list, e.g. from --backoff. */
    public static String validate(String backoff) {
        if (backoff == null) return null;
        String list = JobOptions.backoffList(backoff);
        if (list == null)
            throw new UsageException("invalid backoff '" + backoff + "': expected seconds like 10 or 10,60,300");
        return list;
    }
}
