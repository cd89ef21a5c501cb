package dev.qctl.worker;

import dev.qctl.base.StoreUnavailableException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a job's outcome (ack, release, fail) while the store is unreachable, for up to
 * {@code retry_after}. A job that finished during a database restart is then recorded as
 * done when the store returns, instead of being run again and counted as another attempt.
 * Retrying is safe because every outcome is fenced by the reservation.
 */
final class StoreRetry {
    private StoreRetry() {}

    static <T> T outcome(Duration within, Supplier<T> action) {
        long deadline = System.nanoTime() + within.toNanos();
        long pauseMs = 200;
        while (true) {
            try {
                return action.get();
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() + pauseMs * 1_000_000 > deadline) throw e;
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMs = Math.min(pauseMs * 2, 2000);
            }
        }
    }
}
