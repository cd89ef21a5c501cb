package dev.qctl.base;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code qctl uses, with the one-line meaning that {@code qctl --help} prints; the
 * README's table is checked against that output by a test.
 */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran but the outcome is a failure (a job not found, a threshold exceeded, a confirmation declined). */
    public static final int FAILURE = 1;
    /** Bad options, arguments or input (a malformed URL, JSON, duration...). */
    public static final int USAGE = 2;
    /** The store cannot be opened or reached (unwritable path, server down, tables missing). */
    public static final int STORE_UNAVAILABLE = 3;
    /** An unexpected internal error; QCTL_STACKTRACE=1 shows where. */
    public static final int INTERNAL = 4;
    /** A worker stopped because it went over --memory (artisan uses the same code). */
    public static final int MEMORY_LIMIT = 12;

    private ExitCodes() {}

    /** Code → meaning, in the order help lists them. */
    public static Map<Integer, String> table() {
        Map<Integer, String> table = new LinkedHashMap<>();
        table.put(OK, "success (a worker stopped by signal, --once, --stop-when-empty, --max-jobs, --max-time)");
        table.put(FAILURE, "failure: an id not found, a threshold exceeded, a confirmation declined");
        table.put(
                USAGE,
                "usage error: bad option, URL, JSON, duration or backoff; a destructive command without --force off a terminal");
        table.put(
                STORE_UNAVAILABLE,
                "the store cannot be opened or reached, or has no tables (a work that runs until stopped"
                        + " waits for an unreachable store instead, unless --fail-fast)");
        table.put(INTERNAL, "internal error (QCTL_STACKTRACE=1 prints the stack trace)");
        table.put(MEMORY_LIMIT, "a worker stopped at its --memory limit");
        return table;
    }
}
