package dev.qctl.queue;

import java.util.List;

/**
 * How one store plugs in: the URL schemes it answers to, how it reads a URL of its own, and
 * how it opens a backend for it. Each store registers one (Java's {@link java.util.ServiceLoader},
 * {@code META-INF/services}), so nothing below the command layer names a store; this is
 * Laravel's {@code ConnectorInterface} and River's {@code DriverProcurer}.
 */
public interface QueueConnector {

    /** The URL schemes this store answers to, lower case ({@code postgres}, {@code postgresql}). */
    List<String> schemes();

    /** How a URL of this store looks, for the error that lists the valid forms ({@code sqlite:PATH}). */
    String example();

    /** Reads a URL whose scheme is one of {@link #schemes()}; a malformed one is a usage error. */
    ConnectionUrl parse(String text);

    /**
     * Opens a backend ready for use: its tables or keys exist, or the call fails with a
     * one-line error naming {@code qctl migrate}.
     *
     * @param poolSize connections the caller may use at once (the worker's concurrency)
     * @param creation whether a store that does not exist yet may be created (stores that are
     *                 never created on open ignore it)
     */
    QueueBackend open(ConnectionUrl url, int poolSize, Creation creation);

    /** Opens a backend without checking its tables, for {@code qctl migrate}. */
    QueueBackend openForMigration(ConnectionUrl url);

    /**
     * Whether this store's failed-job store can take another connection's failures (a SQL
     * database's failed_jobs table can; Laravel offers nothing else for that).
     */
    default boolean canRecordFailuresOfOthers() {
        return false;
    }
}
