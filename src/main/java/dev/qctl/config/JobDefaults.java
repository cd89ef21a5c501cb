package dev.qctl.config;

import java.time.Duration;

/**
 * The {@code defaults:} block of qctl.yml: what dispatch and work use when neither a flag,
 * the environment nor the handler says otherwise. Null = qctl's built-in default.
 *
 * @param unknownJobs what a worker does with a job it has no handler for: {@code fail} (the
 *                    default) or {@code release} (hand it back for another worker, such as Laravel's)
 */
public record JobDefaults(
        String queue, Integer tries, Integer timeout, String backoff, Duration sleep, String unknownJobs) {
    public static final JobDefaults NONE = new JobDefaults(null, null, null, null, null, null);

    /** {@link #unknownJobs} says to hand such jobs back. */
    public boolean releaseUnknownJobs() {
        return "release".equals(unknownJobs);
    }
}
