package dev.qctl.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Batches in the store: Laravel's {@code job_batches} table on SQL, equivalent keys on Redis.
 * A job belongs to a batch when its payload carries {@link Batch#FIELD}; the worker then ends it
 * through {@link #ack}/{@link #fail} instead of the queue's own, so the job's removal, the
 * batch's counts and any callback it sets off ({@link BatchEvents}) are one atomic step, and each
 * callback is pushed exactly once however many workers finish jobs at the same moment. Jobs
 * with no batch never come here.
 */
public interface Batches {

    /**
     * Creates batch {@code id} ({@link Batch#newId()}) and pushes its jobs, all or nothing, and
     * returns the jobs' ids. The payloads must carry the id already ({@link Batch#stamp}).
     */
    List<String> create(String id, String name, BatchOptions options, List<PushRequest> jobs);

    /**
     * Adds jobs to an existing batch (Laravel's {@code $batch->add}), counting them into its total
     * and pending, together with the push. Throws {@link NoSuchBatchException} if there is no such batch.
     */
    List<String> add(String id, List<PushRequest> jobs);

    /** The batch, if the store has it. */
    Optional<Batch> find(String id);

    /** Batches newest first, skipping {@code offset}, at most {@code limit}. */
    List<Batch> list(int offset, int limit);

    /** Marks the batch cancelled (and finished, as Laravel does); false if there is no such batch. */
    boolean cancel(String id);

    /**
     * A finished job of batch {@code batchId}: acks it fenced (false, changing nothing, if the
     * reservation was lost), counts it as a success, and pushes what that sets off.
     */
    boolean ack(ReservedJob job, String batchId);

    /**
     * A job of batch {@code batchId} that failed for good: fails it fenced into the failed-job store,
     * counts it as failed (cancelling the batch unless failures are allowed), and pushes what that sets off.
     */
    boolean fail(ReservedJob job, String batchId, String exception);

    /**
     * Counts in batch {@code id} a job of another store that succeeded (a Redis queue's job whose
     * Laravel batch row is in a database), as Laravel's {@code DatabaseBatchRepository} does: one
     * off pending, its uuid out of {@code failed_job_ids}, finished when nothing is pending. Pushes
     * nothing (Laravel's callbacks are its own). False if there is no such batch.
     */
    default boolean countSucceeded(String id, String uuid) {
        throw new UnsupportedOperationException("this store cannot count the jobs of another store's batch");
    }

    /**
     * Counts in batch {@code id} a job of another store that failed for good, as Laravel does: one
     * more failed, its uuid in {@code failed_job_ids}, cancelled (and finished) on the first failure
     * unless failures are allowed. Pushes nothing. False if there is no such batch.
     */
    default boolean countFailed(String id, String uuid) {
        throw new UnsupportedOperationException("this store cannot count the jobs of another store's batch");
    }

    /**
     * Deletes finished batches finished before {@code finished}, unfinished ones created before
     * {@code unfinished} and cancelled ones created before {@code cancelled} (each null: keep);
     * returns how many (artisan's {@code queue:prune-batches}).
     */
    long prune(Instant finished, Instant unfinished, Instant cancelled);
}
