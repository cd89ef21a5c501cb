package dev.qctl.handler;

/**
 * A failed attempt with a message meant for people: its first line is what `qctl failed`
 * lists; any further lines (such as a stderr tail) are kept in failed_jobs.exception.
 */
public class AttemptFailedException extends Exception {
    public AttemptFailedException(String message) {
        super(message);
    }
}
