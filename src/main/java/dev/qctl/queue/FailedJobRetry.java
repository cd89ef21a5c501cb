package dev.qctl.queue;

import dev.qctl.base.UsageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Puts a failed job back on its queue: what {@code qctl retry} and the dashboard's retry button do. */
public final class FailedJobRetry {
    /**
     * The lock held per failed job while it is pushed back and forgotten, by {@code qctl retry} and
     * the dashboard alike, so two retries of one row at once push it once; a crashed holder's
     * lock lapses after {@link #LOCK_TTL}.
     */
    public static final String LOCK_PREFIX = "qctl:retry:";

    public static final java.time.Duration LOCK_TTL = java.time.Duration.ofSeconds(60);

    private FailedJobRetry() {}

    /** Retries a failed job onto the store that holds it; returns a warning to show, or null. */
    public static String retry(QueueBackend backend, FailedJob failed) {
        return retry(backend, backend.failedJobs(), failed);
    }

    /**
     * Pushes the job onto {@code target} and forgets it in {@code failedStore}, in that order: a
     * crash in between leaves a duplicate, never a lost job. Only the fields a retry must change
     * are rewritten ({@link RetriedPayload}); returns a warning to show, or null.
     */
    public static String retry(QueueBackend target, FailedJobStore failedStore, FailedJob failed) {
        Outcome outcome = retryAll(target, failedStore, List.of(failed)).getFirst();
        if (outcome.error() != null) throw new UsageException(outcome.error());
        return outcome.warning();
    }

    /**
     * What became of one job of {@link #retryAll}.
     *
     * @param warning retried, with this to show (or null)
     * @param error   not retried and kept in the failed list, for this reason (or null)
     */
    public record Outcome(FailedJob job, String warning, String error) {}

    /**
     * {@link #retry} for a batch whose rows the caller has locked: one bulk push onto {@code
     * target}, then one forget in {@code failedStore}, in that order (a crash in between leaves
     * duplicates, never a lost job), where one row at a time took five round trips on Redis. A
     * payload that cannot be retried is left out and kept; the outcomes are in the jobs' order.
     */
    public static List<Outcome> retryAll(QueueBackend target, FailedJobStore failedStore, List<FailedJob> jobs) {
        long now = Instant.now().getEpochSecond();
        List<Outcome> outcomes = new ArrayList<>();
        List<PushRequest> pushes = new ArrayList<>();
        List<String> retried = new ArrayList<>();
        for (FailedJob failed : jobs) {
            RetriedPayload payload;
            try {
                payload = RetriedPayload.of(failed.payload(), now);
            } catch (InvalidPayloadException e) {
                outcomes.add(new Outcome(
                        failed, null, "failed job " + failed.id() + " cannot be retried: its " + e.getMessage()));
                continue;
            }
            pushes.add(PushRequest.now(failed.queue(), Payload.parse(payload.json())));
            retried.add(Long.toString(failed.id()));
            String warning = payload.warning() == null ? null : "failed job " + failed.id() + ": " + payload.warning();
            outcomes.add(new Outcome(failed, warning, null));
        }
        if (!pushes.isEmpty()) {
            target.pushBulk(pushes);
            failedStore.forgetAll(retried);
        }
        return outcomes;
    }
}
