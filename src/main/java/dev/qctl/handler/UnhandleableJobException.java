package dev.qctl.handler;

/** A job that can never succeed as written (no handler, bad data): it fails at once, whatever its tries. */
public class UnhandleableJobException extends Exception {
    public UnhandleableJobException(String message) {
        super(message);
    }
}
