package dev.qctl.dashboard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} wrong passwords from one address within
 * {@link #WINDOW_MILLIS}, that address may not try again until the window has passed.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_ADDRESSES = 10_000;

    private record Window(long startMillis, int failures) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Whether this address may try a password now. */
    boolean allowed(String address) {
        Window w = windows.get(address);
        return w == null || expired(w) || w.failures() < MAX_FAILURES;
    }

    /** Seconds until the address may try again (for Retry-After). */
    long retryAfterSeconds(String address) {
        Window w = windows.get(address);
        if (w == null) return 0;
        return Math.max(1, (w.startMillis() + WINDOW_MILLIS - System.currentTimeMillis() + 999) / 1000);
    }

    void failed(String address) {
        if (windows.size() >= MAX_ADDRESSES) windows.values().removeIf(this::expired);
        windows.compute(
                address,
                (a, w) -> w == null || expired(w)
                        ? new Window(System.currentTimeMillis(), 1)
                        : new Window(w.startMillis(), w.failures() + 1));
    }

    void succeeded(String address) {
        windows.remove(address);
    }

    private boolean expired(Window w) {
        return System.currentTimeMillis() - w.startMillis() > WINDOW_MILLIS;
    }
}
