package dev.qctl.handler;

/**
 * The job asks to be failed now, whatever tries it has left (an exec job's exit status
 * {@link ExecHandler#FAIL_STATUS}, Laravel's {@code $job->fail()}): it goes to the failed jobs
 * at once, with this message as its reason.
 */
public class FailRequestedException extends AttemptFailedException {
    public FailRequestedException(String message) {
        super(message);
    }
}
