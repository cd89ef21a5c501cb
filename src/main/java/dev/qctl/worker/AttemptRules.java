package dev.qctl.worker;

import dev.qctl.queue.JobOptions;

/** Laravel's rules for whether a job may run again, given its attempts and options. */
final class AttemptRules {
    private AttemptRules() {}

    /**
     * Before running: false means the job has used up its attempts (MaxAttemptsExceeded). A job
     * with a retryUntil runs until then whatever its tries, and never after it.
     */
    static boolean mayRun(JobOptions options, long attempts, long nowEpoch) {
        if (options.retryUntil() != null) return nowEpoch <= options.retryUntil();
        int maxTries = options.maxTries() == null ? 1 : options.maxTries();
        return maxTries == 0 || attempts <= maxTries;
    }

    /** Whether the job may be tried any number of times (tries 0, no retryUntil). */
    static boolean unlimited(JobOptions options) {
        return options.retryUntil() == null && options.maxTries() != null && options.maxTries() == 0;
    }

    /** After a failed attempt: true means fail for good instead of releasing for a retry. */
    static boolean exhausted(JobOptions options, long attempts, int exceptions, long nowEpoch) {
        if (options.retryUntil() != null) {
            if (options.retryUntil() <= nowEpoch) return true;
        } else {
            int maxTries = options.maxTries() == null ? 1 : options.maxTries();
            if (maxTries > 0 && attempts >= maxTries) return true;
        }
        // as in Laravel (maxExceptions <= count), 0 fails the job at its first exception
        return options.maxExceptions() != null && exceptions >= options.maxExceptions();
    }
}
