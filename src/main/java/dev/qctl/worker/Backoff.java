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

    /** The longest wait of {@link #unlimited}: a job that keeps failing is still tried every minute. */
    static final Duration UNLIMITED_CAP = Duration.ofMinutes(1);

    /** The delay after failed attempt number {@code attempt} (1-based). */
    public static Duration after(String backoff, long attempt) {
        if (backoff == null || backoff.isBlank()) return Duration.ZERO;
        String[] steps = backoff.split(",");
        String step = steps[(int) Math.min(Math.max(attempt, 1), steps.length) - 1].trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(step)));
        } catch (NumberFormatException e) {
            return Duration.ZERO; // a payload with a bad backoff still gets retried, just without waiting
        }
    }

    /**
     * The delay after failed attempt {@code attempt} of a job with unlimited tries whose backoff
     * gives no wait (none, or the default 0): 1 s, 2 s, 4 s … up to {@link #UNLIMITED_CAP}. Laravel retries such a job at once,
     * forever; against a dead service that is hundreds of attempts a second, filling the attempts
     * counter in minutes.
     */
    static Duration unlimited(long attempt) {
        long exponent = Math.min(Math.max(attempt, 1) - 1, 6); // 2^6 s already passes the cap
        Duration delay = Duration.ofSeconds(1L << exponent);
        return delay.compareTo(UNLIMITED_CAP) > 0 ? UNLIMITED_CAP : delay;
    }

    /** Ten years: a longer wait is a mistake, and larger numbers would overflow the delay arithmetic. */
    static final long LONGEST_STEP_SECONDS = 315_360_000L;

    /** Checks a user-supplied backoff list, e.g. from --backoff. */
    public static String validate(String backoff) {
        if (backoff == null) return null;
        String list = JobOptions.backoffList(backoff);
        if (list == null)
            throw new UsageException("invalid backoff '" + backoff + "': expected seconds like 10 or 10,60,300");
        for (String step : list.split(","))
            if (step.length() > 9 || Long.parseLong(step) > LONGEST_STEP_SECONDS)
                throw new UsageException("invalid backoff '" + backoff + "': a step is at most " + LONGEST_STEP_SECONDS
                        + " seconds (10 years)");
        return list;
    }
}
