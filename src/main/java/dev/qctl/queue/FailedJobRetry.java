package dev.qctl.queue;

import dev.qctl.base.UsageException;

/** Puts a failed job back on its queue: what {@code qctl retry} and the dashboard's retry button do. */
public final class FailedJobRetry {
    private FailedJobRetry() {}

    /**
     * Re-pushes first, then forgets: a crash in between leaves a duplicate, never a lost job. The
     * attempts start again from zero (Redis payloads carry them; qctl counts exceptions in the payload).
     */
    public static void retry(QueueBackend backend, FailedJob failed) {
        Payload payload;
        try {
            payload = Payload.parse(failed.payload());
        } catch (InvalidPayloadException e) {
            throw new UsageException("failed job " + failed.id() + " cannot be retried: its " + e.getMessage());
        }
        if (payload.has("attempts")) payload = payload.with("attempts", 0);
        payload = payload.without(Payload.EXCEPTIONS_FIELD);
        backend.push(PushRequest.now(failed.queue(), payload));
        backend.failedJobs().forget(Long.toString(failed.id()));
    }
}
