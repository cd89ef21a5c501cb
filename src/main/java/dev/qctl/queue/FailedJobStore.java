package dev.qctl.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where jobs go once they have failed for good (Laravel's failed_jobs). A backend's own
 * store usually; the worker records failures through {@link QueueBackend#fail} so that
 * removing the job from its queue and recording it happen together where the store allows.
 */
public interface FailedJobStore {

    /** Records a failed job and returns its numeric id. A uuid already present is replaced. */
    long record(String connection, String queue, String payload, String exception);

    /** Failed jobs, newest first, optionally only those of one queue (null = all). */
    List<FailedJob> list(String queue);

    /**
     * At most {@code limit} failed jobs matching {@code filter} with ids below {@code beforeId}
     * (0: from the newest), newest first: a page of a listing too long to read whole, found by
     * the id index, so the thousandth page costs what the first does.
     */
    FailedJobPage page(FailedJobFilter filter, long beforeId, int limit);

    /**
     * Hands {@code visit} the failed jobs matching {@code filter}, newest first, a page at a time
     * (the memory of one page however long the list), for as long as it returns true.
     */
    default void walk(FailedJobFilter filter, java.util.function.Predicate<FailedJob> visit) {
        long before = 0;
        do {
            FailedJobPage page = page(filter, before, 500);
            for (FailedJob job : page.jobs()) if (!visit.test(job)) return;
            before = page.next();
        } while (before != 0);
    }

    /** How many failed jobs each queue has. */
    Map<String, Long> countByQueue();

    /** Finds a failed job by numeric id or by uuid. */
    Optional<FailedJob> find(String idOrUuid);

    /** Deletes one failed job by numeric id or uuid; true if it existed. */
    boolean forget(String idOrUuid);

    /**
     * {@link #find} for each id or uuid, in one round trip where the store can (a batch of
     * {@code qctl retry all}); the result is in the order asked.
     */
    default List<Optional<FailedJob>> findAll(List<String> idsOrUuids) {
        return idsOrUuids.stream().map(this::find).toList();
    }

    /** {@link #forget} for each id or uuid, in one round trip where the store can; returns how many existed. */
    default long forgetAll(List<String> idsOrUuids) {
        return idsOrUuids.stream().filter(this::forget).count();
    }

    /** Deletes failed jobs that failed at or before the cutoff (null = all); returns how many. */
    long flush(Instant failedAtOrBefore);
}
