package dev.qctl.config;

import java.time.Duration;

/**
 * The {@code defaults:} block of qctl.yml: what dispatch and work use when neither a flag,
 * the environment nor the handler says otherwise. Null = qctl's built-in default.
 */
public record JobDefaults(String queue, Integer tries, Integer timeout, String backoff, Duration sleep) {
    public static final JobDefaults NONE = new JobDefaults(null, null, null, null, null);
}
