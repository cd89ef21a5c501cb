package dev.qctl.queue;

/**
 * A restart signal kept by the application beside qctl's own: Laravel's
 * {@code illuminate:queue:restart} cache entry. Laravel's workers stop when its value
 * changes (absent counts as a value), so qctl's do the same.
 */
public interface AppRestartSignal {
    /** The signal's value, 0 when absent, expired or unreadable. */
    long read();

    /** Writes a new signal (Unix seconds) that the application's workers will see. */
    void write(long signal);
}
