package dev.qctl.worker;

import dev.qctl.base.Text;
import dev.qctl.config.OverlapSpec;
import dev.qctl.config.RateLimitSpec;
import dev.qctl.handler.Attempt;
import dev.qctl.handler.AttemptFailedException;
import dev.qctl.handler.FailRequestedException;
import dev.qctl.handler.HandlerRegistry;
import dev.qctl.handler.JobHandler;
import dev.qctl.handler.ReleaseRequestedException;
import dev.qctl.handler.UnhandleableJobException;
import dev.qctl.queue.InvalidPayloadException;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.OverlapLocks;
import dev.qctl.queue.Payload;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Processes one reserved job: checks its attempts, runs its handler under its timeout, and
 * then deletes, releases or fails it, following Laravel's rules. Every outcome is applied
 * fenced by the reservation; a rejected one is logged, never forced.
 */
final class JobRunner {
    private final QueueBackend backend;
    private final HandlerRegistry handlers;
    private final WorkerOptions options;
    private final WorkerOutput output;
    private final LeaseKeeper leases;
    private final AckBatcher acks;
    private final WorkerStats stats;
    private final WorkerEvents events;
    /** The handler threads running now, so a stop at --stop-timeout can interrupt them. */
    private final java.util.Set<Thread> attempts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Set at --stop-timeout: interrupted attempts go back to their queue instead of counting as failures. */
    private volatile boolean aborting;
    /** How long an interrupted handler gets to clean up (exec: its TERM-then-KILL grace fits inside). */
    private static final Duration HANDLER_STOP_GRACE = Duration.ofSeconds(15);
    /** Told the queue of each job handed back for want of a handler, so the worker stops reserving it for a while. */
    private volatile java.util.function.Consumer<String> unknownHandedBack = queue -> {};

    JobRunner(
            QueueBackend backend,
            HandlerRegistry handlers,
            WorkerOptions options,
            WorkerOutput output,
            LeaseKeeper leases,
            AckBatcher acks,
            WorkerStats stats) {
        this(backend, handlers, options, output, leases, acks, stats, WorkerEvents.NONE);
    }

    JobRunner(
            QueueBackend backend,
            HandlerRegistry handlers,
            WorkerOptions options,
            WorkerOutput output,
            LeaseKeeper leases,
            AckBatcher acks,
            WorkerStats stats,
            WorkerEvents events) {
        this.events = events;
        this.backend = backend;
        this.handlers = handlers;
        this.options = options;
        this.output = output;
        this.leases = leases;
        this.acks = acks;
        this.stats = stats;
    }

    /** Who to tell when a job with no handler here is handed back (unknown_jobs: release). */
    void onUnknownHandedBack(java.util.function.Consumer<String> listener) {
        this.unknownHandedBack = listener;
    }

    /**
     * The worker's --stop-timeout ran out: interrupts every running handler (exec: TERM, then
     * KILL, to its process tree). Each interrupted job is handed back to its queue with its
     * attempt not spent ({@link QueueBackend#unreserve}), to run again on another worker.
     */
    void abortRunning() {
        aborting = true;
        attempts.forEach(Thread::interrupt);
    }

    /**
     * Processes the job. Returns once its handler is done and its outcome is recorded, except
     * a success, whose ack is only queued: the {@link AckBatcher} writes it with others and
     * reports it. The job must be tracked by the lease keeper; this untracks it.
     */
    void process(ReservedJob job) {
        try {
            attempt(job);
        } catch (RuntimeException e) {
            output.outcomeNotRecorded(job, e); // the lease expires and the job runs again
        } finally {
            leases.untrack(job);
        }
    }

    private void attempt(ReservedJob job) {
        Payload payload;
        try {
            payload = Payload.parse(job.rawPayload());
        } catch (InvalidPayloadException e) {
            failForGood(job, UNREADABLE, null, "(unreadable payload)", null, "InvalidPayload: " + e.getMessage());
            return;
        }
        String name = payload.displayName();
        String handlerName = handlers.nameFor(payload); // the payload's job, or the handler a pattern binds it to
        Optional<JobHandler> handler = handlers.find(handlerName);
        if (handler.isEmpty() && options.releaseUnknownJobs()) {
            leaveForOthers(job, payload, name);
            return;
        }
        String batchId = payload.batchId();
        String lock = JobKeys.lockOf(payload);
        if (batchId != null && batchCancelled(batchId)) {
            if (StoreRetry.outcome(backend.retryAfter(), () -> backend.batches().ack(job, batchId))) {
                freeKey(job, payload, lock);
                output.skipped(job, payload.uuid(), name, "batch cancelled");
            } else output.rejected(job, "ack");
            return;
        }
        if (handler.isEmpty()) {
            failForGood(
                    job,
                    payload.job(),
                    payload.uuid(),
                    name,
                    null,
                    "UnknownHandler: no handler named '" + payload.job() + "' is known to this worker");
            return;
        }
        JobOptions jobOptions = payload.options().orElse(workerDefaults());
        long now = Instant.now().getEpochSecond();
        JobHandler hooked = handler.get();
        if (job.attempts() >= backend.attemptsLimit()) {
            failForGood(
                    hooked,
                    job,
                    payload.job(),
                    payload.uuid(),
                    name,
                    null,
                    "AttemptsLimit: " + name + " reached attempt " + job.attempts()
                            + ", the most the store's attempts column can count");
            return;
        }
        if (!AttemptRules.mayRun(jobOptions, job.attempts(), now)) {
            failForGood(
                    hooked,
                    job,
                    payload.job(),
                    payload.uuid(),
                    name,
                    null,
                    "MaxAttemptsExceeded: " + name + " has been attempted too many times (attempt " + job.attempts()
                            + ")");
            return;
        }

        String overlapLock = overlapLockTaken(hooked, job, payload, handlerName, name);
        if (overlapLock == null) return;
        if (heldBackByLimit(job, payload, handlerName, name)) {
            releaseOverlapLock(job, overlapLock);
            return;
        }
        String startLock = JobKeys.startLockOf(payload);
        if (startLock != null) freeKey(job, payload, startLock); // unique until processing: free as it starts
        output.starting(job, payload.uuid(), name);
        long started = System.nanoTime();
        stats.started(job, name);
        events.started(job.queue(), payload.job(), waitedSeconds(payload, job, now));
        Throwable problem;
        try {
            problem = runAttempt(
                    handler.get(),
                    new Attempt(
                            job.id(),
                            job.queue(),
                            (int) Math.min(job.attempts(), Integer.MAX_VALUE),
                            backend.connectionName(),
                            payload),
                    jobOptions.timeout());
        } finally {
            stats.ended(job);
            releaseOverlapLock(job, overlapLock);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        events.finished(job.queue(), payload.job(), took.toNanos());
        if (problem instanceof AttemptTimedOut) events.timedOut(job.queue(), payload.job());
        leases.untrack(job); // from here on the outcome, not a renewal, speaks for the job
        if (problem instanceof StoppedAtDeadline) {
            // not the job's fault: back to the head of its queue, this attempt not counted
            if (StoreRetry.outcome(backend.retryAfter(), () -> backend.unreserve(job)))
                output.stoppedAtDeadline(job, payload.uuid(), name, took);
            else output.rejected(job, "hand-back");
        } else if (problem == null && batchId != null) {
            // the batch's counts and callbacks change with the ack, so it is not grouped with others
            if (StoreRetry.outcome(backend.retryAfter(), () -> backend.batches().ack(job, batchId))) {
                freeKey(job, payload, lock);
                output.done(job, payload.uuid(), name, took);
            } else output.rejected(job, "ack");
        } else if (problem == null && lock != null) {
            // the key is freed in the same step as the ack, so it is not grouped with others
            Duration keep = JobKeys.keepOf(payload);
            if (StoreRetry.outcome(backend.retryAfter(), () -> backend.jobKeys().ackFreeing(job, lock, keep)))
                output.done(job, payload.uuid(), name, took);
            else output.rejected(job, "ack");
        } else if (problem == null) {
            acks.ack(job).whenComplete((applied, error) -> {
                if (error != null) output.outcomeNotRecorded(job, error);
                else if (applied) output.done(job, payload.uuid(), name, took);
                else output.rejected(job, "ack");
            });
        } else {
            afterFailure(hooked, job, payload, name, jobOptions, problem, took);
        }
    }

    /**
     * Takes a start from the rate limit of the job's queue and of its handler, where they have one
     * (a map lookup for the rest: no store round trip). When a limit is used up the job goes back
     * until the window opens, without an attempt spent: the worker waits for the window, not in a loop.
     */
    private boolean heldBackByLimit(ReservedJob job, Payload payload, String handler, String name) {
        return heldBackBy(handlers.limitOfQueue(job.queue()), job, payload, name)
                || heldBackBy(handlers.limitOf(handler), job, payload, name);
    }

    /** What {@link #overlapLockTaken} returns for a job whose handler has no without_overlapping. */
    private static final String NO_OVERLAP_LOCK = "";

    /**
     * Takes the job's overlap lock, if its handler has {@code without_overlapping:} (a map lookup
     * for the rest: no store round trip). Returns the lock's name, {@link #NO_OVERLAP_LOCK}, or
     * null when the job may not start: another job holds the lock (this one is postponed by the
     * option's release_after, its attempt not spent) or its data lacks the key (failed for good).
     */
    private String overlapLockTaken(JobHandler hooked, ReservedJob job, Payload payload, String handler, String name) {
        OverlapSpec overlap = handlers.overlapOf(handler);
        if (overlap == null) return NO_OVERLAP_LOCK;
        String lock;
        try {
            lock = OverlapLocks.lockName(handler, overlap.keyOf(payload.data()));
        } catch (IllegalArgumentException e) {
            failForGood(hooked, job, payload.job(), payload.uuid(), name, null, "OverlapKey: " + e.getMessage());
            return null;
        }
        OverlapLocks locks = new OverlapLocks(backend.locks());
        if (StoreRetry.outcome(backend.retryAfter(), () -> locks.take(lock, job.id(), overlap.expireAfter())))
            return lock;
        if (StoreRetry.outcome(backend.retryAfter(), () -> backend.postpone(job, overlap.releaseAfter())))
            output.postponed(job, payload.uuid(), name, "overlap lock " + lock + " held", overlap.releaseAfter());
        else output.rejected(job, "postpone");
        return null;
    }

    /** Frees the job's overlap lock once it has run, whatever the outcome; a failure here only waits out the expiry. */
    private void releaseOverlapLock(ReservedJob job, String lock) {
        if (lock.equals(NO_OVERLAP_LOCK)) return;
        try {
            StoreRetry.outcome(backend.retryAfter(), () -> new OverlapLocks(backend.locks()).release(lock, job.id()));
        } catch (RuntimeException e) {
            output.warn("job " + job.id() + " ended, but its overlap lock '" + lock + "' was not freed ("
                    + e.getMessage() + "); jobs with its key wait until it expires");
        }
    }

    private boolean heldBackBy(RateLimitSpec limit, ReservedJob job, Payload payload, String name) {
        if (limit == null) return false;
        Duration wait = StoreRetry.outcome(
                backend.retryAfter(), () -> backend.rateLimits().take(limit.name(), limit.max(), limit.period()));
        if (wait.isZero()) return false;
        if (StoreRetry.outcome(backend.retryAfter(), () -> backend.postpone(job, wait)))
            output.postponed(job, payload.uuid(), name, "limit " + limit.name() + " used up", wait);
        else output.rejected(job, "postpone");
        return true;
    }

    /** Runs the handler on its own virtual thread; returns what went wrong, or null if it succeeded. */
    private Throwable runAttempt(JobHandler handler, Attempt context, Integer timeoutSeconds) {
        AtomicReference<Throwable> problem = new AtomicReference<>();
        Thread attempt = Thread.ofVirtual().name("qctl-job-" + context.jobId()).unstarted(() -> {
            try {
                handler.handle(context);
            } catch (Throwable e) {
                problem.set(e);
            }
        });
        attempts.add(attempt);
        if (aborting) attempt.interrupt(); // started as the deadline passed: it ends at once
        attempt.start();
        try {
            return awaitAttempt(attempt, problem, timeoutSeconds);
        } finally {
            attempts.remove(attempt);
        }
    }

    private Throwable awaitAttempt(Thread attempt, AtomicReference<Throwable> problem, Integer timeoutSeconds) {
        try {
            if (timeoutSeconds == null || timeoutSeconds <= 0) {
                attempt.join();
            } else if (!attempt.join(Duration.ofSeconds(timeoutSeconds))) {
                attempt.interrupt(); // the handler ends its work (exec: TERM, then KILL, to the process tree)
                attempt.join(HANDLER_STOP_GRACE);
                return new AttemptTimedOut(timeoutSeconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempt.interrupt();
            return new AttemptFailedException("interrupted");
        }
        if (aborting && problem.get() != null) return new StoppedAtDeadline();
        return problem.get();
    }

    private void afterFailure(
            JobHandler hooked,
            ReservedJob job,
            Payload payload,
            String name,
            JobOptions jobOptions,
            Throwable problem,
            Duration took) {
        if (problem instanceof ReleaseRequestedException release) {
            // the job asked to come back later (HTTP 429/503 Retry-After, ctx.release): not an exception
            if (StoreRetry.outcome(
                    backend.retryAfter(), () -> backend.release(job, payload.toJson(), release.delay()))) {
                stats.released();
                events.released(job.queue(), payload.job());
                output.released(job, payload.uuid(), name, took, release.getMessage(), release.delay());
            } else {
                output.rejected(job, "release");
            }
            return;
        }
        String reason = describe(problem);
        long now = Instant.now().getEpochSecond();
        int exceptions = payload.intOr(Payload.EXCEPTIONS_FIELD, 0) + 1;
        boolean timedOutAndFatal =
                problem instanceof AttemptTimedOut && Boolean.TRUE.equals(jobOptions.failOnTimeout());
        if (problem instanceof UnhandleableJobException
                || problem instanceof FailRequestedException
                || timedOutAndFatal
                || AttemptRules.exhausted(jobOptions, job.attempts(), exceptions, now)) {
            failForGood(hooked, job, payload.job(), payload.uuid(), name, took, reason);
            return;
        }
        Duration listed = Backoff.after(jobOptions.backoff(), job.attempts());
        // unlimited tries with no wait (the default backoff is 0) would retry as fast as the job fails
        Duration delay =
                listed.isZero() && AttemptRules.unlimited(jobOptions) ? Backoff.unlimited(job.attempts()) : listed;
        String updated = payload.with(Payload.EXCEPTIONS_FIELD, exceptions).toJson();
        if (StoreRetry.outcome(backend.retryAfter(), () -> backend.release(job, updated, delay))) {
            stats.released();
            events.released(job.queue(), payload.job());
            output.released(job, payload.uuid(), name, took, reason, delay);
        } else output.rejected(job, "release");
    }

    private void failForGood(ReservedJob job, String handler, String uuid, String name, Duration took, String reason) {
        failForGood(null, job, handler, uuid, name, took, reason);
    }

    /** As below, then the handler's failure hook ({@code on_failure:}), once, after the record is written. */
    private void failForGood(
            JobHandler hooked,
            ReservedJob job,
            String handler,
            String uuid,
            String name,
            Duration took,
            String reason) {
        Payload payload = payloadOf(job);
        String batchId = payload == null ? null : payload.batchId();
        if (StoreRetry.outcome(
                backend.retryAfter(),
                () -> batchId != null ? backend.batches().fail(job, batchId, reason) : backend.fail(job, reason))) {
            if (payload != null) freeKey(job, payload, JobKeys.lockOf(payload));
            stats.failed();
            events.failed(new WorkerEvents.JobFailure(
                    job.queue(), handler == null ? UNREADABLE : handler, name, job.id(), uuid, reason));
            output.failed(job, uuid, name, took, Text.firstLine(reason));
            if (hooked != null && hooked.hasFailureHook() && payload != null)
                runFailureHook(hooked, job, payload, reason);
        } else output.rejected(job, "fail");
    }

    /**
     * Runs the handler's failure hook under its bound. The failed record is already written and the
     * job gone from its queue, so whatever the hook does (fail, hang, crash) it cannot lose or
     * duplicate the record: a hook that fails or outlives its bound is ended and logged, no more.
     */
    private void runFailureHook(JobHandler hooked, ReservedJob job, Payload payload, String reason) {
        Attempt context = new Attempt(
                job.id(),
                job.queue(),
                (int) Math.min(job.attempts(), Integer.MAX_VALUE),
                backend.connectionName(),
                payload);
        AtomicReference<Throwable> problem = new AtomicReference<>();
        Thread hook = Thread.ofVirtual().name("qctl-failed-" + job.id()).unstarted(() -> {
            try {
                hooked.failedForGood(context, reason);
            } catch (Throwable e) {
                problem.set(e);
            }
        });
        hook.start();
        Duration bound = hooked.failureHookTimeout();
        try {
            if (!hook.join(bound)) {
                hook.interrupt(); // exec: TERM, then KILL, to the hook's process tree
                hook.join(HANDLER_STOP_GRACE);
                String took = bound.toMillis() % 1000 == 0 ? bound.toSeconds() + "s" : bound.toMillis() + "ms";
                output.warn("job " + job.id() + ": its on_failure hook ran longer than " + took
                        + " and was ended (the job's failed record is kept)");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hook.interrupt();
            return;
        }
        if (problem.get() != null)
            output.warn("job " + job.id() + ": its on_failure hook failed: " + Text.firstLine(describe(problem.get()))
                    + " (the job's failed record is kept)");
    }

    /** unknown_jobs: release: back at once with its attempt not counted; its queue rests here a while. */
    private void leaveForOthers(ReservedJob job, Payload payload, String name) {
        leases.untrack(job);
        if (StoreRetry.outcome(backend.retryAfter(), () -> backend.unreserve(job))) {
            unknownHandedBack.accept(job.queue());
            output.leftForOthers(job, payload.uuid(), name, payload.job());
        } else output.rejected(job, "hand-back");
    }

    /** Whether the job's batch was cancelled: checked as each job starts, so none starts after a cancel returns. */
    private boolean batchCancelled(String batchId) {
        return StoreRetry.outcome(
                backend.retryAfter(),
                () -> backend.batches().find(batchId).map(b -> b.cancelled()).orElse(false));
    }

    /** A job about to fail, its payload read again (null if unreadable: it has no batch or key). */
    private static Payload payloadOf(ReservedJob job) {
        try {
            return Payload.parse(job.rawPayload());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Frees the dispatch id or unique lock of a job that has left the queue by a step that could
     * not include it (a batch's ack, a failure), or that started while unique until processing. A
     * crash just before leaves the lock to a job that is gone, which the SQL stores treat as free
     * (and a unique lock expires anyway).
     */
    private void freeKey(ReservedJob job, Payload payload, String lock) {
        if (lock == null) return;
        try {
            StoreRetry.outcome(backend.retryAfter(), () -> {
                backend.jobKeys().free(lock, job.id(), JobKeys.keepOf(payload));
                return true;
            });
        } catch (RuntimeException e) {
            output.warn("job " + job.id() + " should have freed its lock '" + lock + "', but it was not freed ("
                    + e.getMessage() + "); a dispatch under that key is taken as a duplicate until it is");
        }
    }

    /** The handler name metrics and alerts give a job whose payload cannot be read. */
    static final String UNREADABLE = "(unreadable)";

    /** Seconds since the job was dispatched (its createdAt), for its first attempt only; -1 otherwise. */
    private static long waitedSeconds(Payload payload, ReservedJob job, long now) {
        if (job.attempts() != 1) return -1;
        long created = payload.intOr("createdAt", -1);
        return created < 0 ? -1 : Math.max(0, now - created);
    }

    private JobOptions workerDefaults() {
        return new JobOptions(options.tries(), null, options.backoff(), options.timeoutSeconds(), null, false);
    }

    private static String describe(Throwable problem) {
        if (problem instanceof AttemptFailedException
                || problem instanceof UnhandleableJobException
                || problem instanceof AttemptTimedOut) {
            return problem.getMessage();
        }
        return problem.getClass().getSimpleName() + ": " + problem.getMessage();
    }

    /** An attempt interrupted because the worker's --stop-timeout ran out. */
    static final class StoppedAtDeadline extends Exception {
        StoppedAtDeadline() {
            super("StoppedAtDeadline: the worker's --stop-timeout ran out");
        }
    }

    /** An attempt that ran past its timeout; its process tree has been ended. */
    static final class AttemptTimedOut extends Exception {
        AttemptTimedOut(int seconds) {
            super("TimedOut: the job ran longer than its timeout of " + seconds + "s");
        }
    }
}
