package dev.qctl.worker;

import dev.qctl.queue.JobOptions;

/** Laravel's rules for whether a job may run again, given its attempts and options. */
final class AttemptRules {
    private AttemptRules() {}

    /** Before running: false means the job has used up its attempts (MaxAttemptsExceeded). */
    static boolean mayRun(JobOptions options, int attempts, long nowEpoch) {
        if (options.retryUntil() != null && nowEpoch <= options.retryUntil()) return true;
        int maxTries = options.maxTries() == null ? 1 : options.maxTries();
        return maxTries == 0 || attempts <= maxTries;
    }

    /** After a failed attempt: true means fail for good instead of releasing for a retry. */
    static boolean exhausted(JobOptions options, int attempts, int exceptions, long nowEpoch) {
        if (options.retryUntil() != null) {
            if (options.retryUntil() <= nowEpoch) return true;
        } else {
            int maxTries = options.maxTries() == null ? 1 : options.maxTries();
            if (maxTries > 0 && attempts >= maxTries) return true;
        }
        return options.maxExceptions() != null && options.maxExceptions() > 0 && exceptions >= options.maxExceptions();
    }
}
