package dev.qctl.sql;

import dev.qctl.base.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * SQLite has no clock of its own: a lease's expiry is judged by the clock of whichever process
 * asks, so a worker whose clock is set apart from the others' would restart their running jobs
 * (120 s ahead, it restarted 8 of 14 four-second jobs that a worker 120 s behind was running). On
 * one host every process reads one kernel clock, which also stamps the files it writes; a process
 * whose own clock reads differently (libfaketime, a clock set in the process) shows it when it
 * writes a file beside the database. Such a worker refuses to start when the two differ by more
 * than a third of retry_after (renewals come every third, so a lease never looks lapsed early).
 */
final class SqliteLeaseClock {
    /** File systems stamp to the second or finer; below this a difference says nothing. */
    private static final Duration FLOOR = Duration.ofSeconds(2);

    private SqliteLeaseClock() {}

    static void check(Path database, Duration retryAfter) {
        Duration bound = retryAfter.dividedBy(3).compareTo(FLOOR) < 0 ? FLOOR : retryAfter.dividedBy(3);
        Duration apart = apart(database.toAbsolutePath().getParent());
        if (apart == null || apart.abs().compareTo(bound) <= 0) return;
        throw new StoreUnavailableException(
                "this process's clock is " + Math.round(apart.abs().toMillis() / 1000.0) + " s "
                        + (apart.isNegative() ? "behind" : "ahead of") + " the clock that stamps files in "
                        + database.toAbsolutePath().getParent()
                        + "; SQLite leases are timed by each worker's clock, so a worker"
                        + " this far apart would take others' running jobs (at most " + bound.toSeconds()
                        + " s allowed, a third of retry_after)");
    }

    /** This process's clock less the file system's, or null when no probe file can be written there. */
    private static Duration apart(Path dir) {
        Path probe = null;
        try {
            probe = Files.createTempFile(dir, ".qctl-clock-", ".probe");
            long stamped = Files.getLastModifiedTime(probe).toMillis();
            return Duration.ofMillis(System.currentTimeMillis() - stamped);
        } catch (IOException | SecurityException e) {
            return null; // the store itself reports an unwritable directory
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a probe left behind is harmless
                }
            }
        }
    }
}
