package dev.qctl.handler;

/**
 * Runs one attempt of a job. Returning normally means the job is done. Throwing
 * {@link AttemptFailedException} (or any exception) is a failed attempt that the worker
 * retries or fails by the job's tries and backoff. Handlers must stop promptly when their
 * thread is interrupted: that is how the worker enforces timeouts.
 */
public interface JobHandler {
    void handle(Attempt context) throws Exception;
}
