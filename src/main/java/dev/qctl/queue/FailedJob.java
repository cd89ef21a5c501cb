package dev.qctl.queue;

import dev.qctl.base.Text;
import java.time.Instant;

/** A row of the failed-job store, with Laravel's failed_jobs columns. */
public record FailedJob(
        long id, String uuid, String connection, String queue, String payload, String exception, Instant failedAt) {

    /** The job's display name, read leniently from the payload (it may not be valid JSON). */
    public String displayName() {
        return Payload.displayNameOf(payload);
    }

    /** The first line of the exception text, for listings. */
    public String exceptionSummary() {
        return exception == null ? "" : Text.firstLine(exception);
    }
}
