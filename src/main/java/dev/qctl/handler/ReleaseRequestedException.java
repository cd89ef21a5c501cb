package dev.qctl.handler;

import java.time.Duration;

/**
 * The job asks to be put back and tried again after {@code delay} (an HTTP 429/503 with
 * Retry-After, or a Java job calling release). Not a failure: it does not count toward
 * maxExceptions, though the next reservation is still an attempt, as in Laravel.
 */
public class ReleaseRequestedException extends Exception {
    private final Duration delay;

    public ReleaseRequestedException(Duration delay, String reason) {
        super(reason);
        this.delay = delay.isNegative() ? Duration.ZERO : delay;
    }

    public Duration delay() {
        return delay;
    }
}
