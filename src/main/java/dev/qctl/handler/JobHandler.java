package dev.qctl.handler;

/**
 * Runs one attempt of a job. Returning normally means the job is done. Throwing
 * {@link AttemptFailedException} (or any exception) is a failed attempt that the worker
 * retries or fails by the job's tries and backoff. Handlers must stop promptly when their
 * thread is interrupted: that is how the worker enforces timeouts.
 */
public interface JobHandler {
    void handle(Attempt context) throws Exception;

    /**
     * Runs once after the job failed for good and its failed record is written (an exec
     * handler's {@code on_failure:}); {@code reason} is that record's exception text. The worker
     * bounds it by {@link #failureHookTimeout} and interrupts it after that. Most handlers have none.
     */
    default void failedForGood(Attempt context, String reason) throws Exception {}

    /** Whether {@link #failedForGood} does anything, so the worker starts no thread for nothing. */
    default boolean hasFailureHook() {
        return false;
    }

    /** How long {@link #failedForGood} may run before it is interrupted. */
    default java.time.Duration failureHookTimeout() {
        return java.time.Duration.ofSeconds(30);
    }
}
