package dev.qctl.queue;

import java.util.regex.Pattern;

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

    /** A backoff list as people write it: whole seconds, comma-separated, blanks allowed around each. */
    private static final Pattern BACKOFF_LIST = Pattern.compile("\\s*\\d+\\s*(,\\s*\\d+\\s*)*");

    /**
     * {@code text} as a backoff list without blanks ({@code " 10, 60 "} gives {@code "10,60"}), or
     * null if it is not one. The one grammar for --backoff, qctl.yml and --from files.
     */
    public static String backoffList(String text) {
        return text != null && BACKOFF_LIST.matcher(text).matches() ? text.replaceAll("\\s", "") : null;
    }

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
