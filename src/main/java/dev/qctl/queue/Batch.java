package dev.qctl.queue;

import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;

/**
 * A batch as the store holds it: Laravel's {@code job_batches} row (or the equivalent Redis hash).
 * As in Laravel, a failed job stays counted in {@code pendingJobs} (it has not succeeded) and in
 * {@code failedJobs}; a failed job that later succeeds on retry leaves {@code failedJobIds}.
 *
 * @param failedJobIds the uuids of the batch's jobs that failed and have not succeeded since
 * @param createdAt    Unix seconds; {@code cancelledAt}/{@code finishedAt} likewise, null if not yet
 */
public record Batch(
        String id,
        String name,
        int totalJobs,
        int pendingJobs,
        int failedJobs,
        List<String> failedJobIds,
        boolean allowFailures,
        long createdAt,
        Long cancelledAt,
        Long finishedAt) {

    /** The payload field qctl stamps on each job of a batch. */
    public static final String FIELD = "batchId";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Jobs that have run to success (Laravel's processedJobs). */
    public int processedJobs() {
        return totalJobs - pendingJobs;
    }

    /** Laravel's progress: processed jobs as a whole percentage of all jobs. */
    public int progress() {
        return totalJobs > 0 ? (int) Math.round(processedJobs() * 100.0 / totalJobs) : 0;
    }

    public boolean finished() {
        return finishedAt != null;
    }

    public boolean cancelled() {
        return cancelledAt != null;
    }

    /**
     * A new batch id: a version-7 UUID, time-ordered like Laravel's {@code Str::orderedUuid()}, so
     * qctl's and Laravel's ids both sort by creation.
     */
    public static String newId() {
        long ms = System.currentTimeMillis();
        long high = (ms << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The jobs with this batch's id stamped in their payloads, so the worker counts them in. */
    public static List<PushRequest> stamp(String id, List<PushRequest> jobs) {
        return jobs.stream()
                .map(r -> new PushRequest(r.queue(), r.payload().with(FIELD, id), r.delay()))
                .toList();
    }
}
