package dev.qctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A handler's {@code without_overlapping:} (Laravel's WithoutOverlapping middleware): at most one
 * of its jobs with the same key runs at a time, across every worker on the store.
 *
 * @param keyTemplate  a template over the job's data ({@code "{taxpayer}"}), or null: one lock for the handler
 * @param expireAfter  how long the lock outlives a holder that died without releasing it
 * @param releaseAfter how long a job that meets a held lock waits before it is tried again
 */
public record OverlapSpec(String keyTemplate, Duration expireAfter, Duration releaseAfter) {
    /** Long enough for most jobs; a holder killed hard blocks its key no longer than this. */
    public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofHours(1);

    /** Short enough that a freed key is soon used, long enough that waiting jobs do not churn. */
    public static final Duration DEFAULT_RELEASE_AFTER = Duration.ofSeconds(3);

    /**
     * The key this job's data gives; throws {@link Placeholders.MissingValueException} if the
     * data lacks a field the template names. Empty when the template is null (one lock per handler).
     */
    public String keyOf(JsonNode data) {
        return keyTemplate == null ? "" : Placeholders.fill(keyTemplate, data, UnaryOperator.identity());
    }
}
