package dev.qctl.queue;

/**
 * The per-job settings a payload carries, with Laravel's meaning. Null means "not set":
 * the worker's own option applies.
 *
 * @param maxTries      attempts allowed (0 = unlimited)
 * @param maxExceptions failed attempts allowed before the job fails, even if tries remain
 * @param backoff       seconds to wait before each retry, e.g. "10,60,300"
 * @param timeout       seconds one attempt may run
 * @param retryUntil    Unix time after which the job is not retried
 * @param failOnTimeout whether a timeout fails the job at once
 */
public record JobOptions(
        Integer maxTries,
        Integer maxExceptions,
        String backoff,
        Integer timeout,
        Long retryUntil,
        Boolean failOnTimeout) {

    public static final JobOptions NONE = new JobOptions(null, null, null, null, null, null);

    /** These options, with any unset field taken from {@code defaults}. */
    public JobOptions orElse(JobOptions defaults) {
        return new JobOptions(
                maxTries != null ? maxTries : defaults.maxTries,
                maxExceptions != null ? maxExceptions : defaults.maxExceptions,
                backoff != null ? backoff : defaults.backoff,
                timeout != null ? timeout : defaults.timeout,
                retryUntil != null ? retryUntil : defaults.retryUntil,
                failOnTimeout != null ? failOnTimeout : defaults.failOnTimeout);
    }
}
