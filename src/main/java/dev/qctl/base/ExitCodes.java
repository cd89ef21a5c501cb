package dev.qctl.base;

/** Every exit code qctl uses; the README and the man pages document the same table. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran but the outcome is a failure (a job not found, a threshold exceeded). */
    public static final int FAILURE = 1;
    /** Bad options, arguments or input (a malformed URL, JSON, duration...). */
    public static final int USAGE = 2;
    /** The store cannot be opened or reached (unwritable path, server down, tables missing). */
    public static final int STORE_UNAVAILABLE = 3;
    /** An unexpected internal error; run with --stacktrace to see where. */
    public static final int INTERNAL = 4;
    /** A worker stopped because it went over --memory (artisan uses the same code). */
    public static final int MEMORY_LIMIT = 12;

    private ExitCodes() {}
}
