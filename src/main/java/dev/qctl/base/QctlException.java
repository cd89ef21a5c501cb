package dev.qctl.base;

/**
 * Root of qctl's own errors. Each carries the exit code the CLI should end with and a message
 * that is fit to print as one line, so commands never need to show a stack trace.
 */
public class QctlException extends RuntimeException {
    private final int exitCode;

    public QctlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public QctlException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
