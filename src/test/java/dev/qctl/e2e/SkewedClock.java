package dev.qctl.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A process environment that sets a worker's wall clock apart with libfaketime (Debian's
 * {@code faketime} package), preloaded into the JVM only: the wall clock (what
 * {@code System.currentTimeMillis} and {@code Instant.now} read) is shifted, and so is the
 * monotonic clock, by the same constant, which no interval read from it notices. (Left alone
 * with {@code FAKETIME_DONT_FAKE_MONOTONIC=1}, libfaketime 0.9.10 turns the JVM's timed waits,
 * {@code LockSupport.parkNanos} and {@code Object.wait}, into ones that return at once: the
 * skewed workers spun and took no job.) The jobs the worker
 * starts keep the true clock ({@code FAKETIME_ONLY_CMDS}), so their ledger lines stay on the
 * one clock the checker compares. The {@code faketime} wrapper is not used: it forks, so
 * signals sent to its pid would not reach the worker.
 */
final class SkewedClock {
    private static final List<String> LIBRARIES = List.of(
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/faketime/libfaketime.so.1");

    private SkewedClock() {}

    /** The environment of a worker whose clock is {@code offset} apart, like {@code +120s} or {@code -120s}. */
    static Map<String, String> env(String offset) {
        // a missing tool fails the test, as a missing server does: .ci/run installs it
        Path library = library()
                .orElseThrow(
                        () -> new AssertionError("libfaketime is not installed (Debian: apt-get install faketime)"));
        return Map.of("LD_PRELOAD", library.toString(), "FAKETIME", offset, "FAKETIME_ONLY_CMDS", "java");
    }

    private static Optional<Path> library() {
        return LIBRARIES.stream().map(Path::of).filter(Files::isReadable).findFirst();
    }
}
