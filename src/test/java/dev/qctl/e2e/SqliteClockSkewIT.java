package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.testing.Qctl;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19: SQLite leases are timed by each worker's own clock, so a worker 120 s ahead of
 * another restarted the jobs that one was running (8 of 14 four-second jobs, lease 3 s, in a
 * ledger run). A worker whose clock is set apart from the one that stamps the database's files
 * now refuses to start, in one line, exit 3; one within a third of retry_after works as before.
 */
class SqliteClockSkewIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"+120s", "-120s"})
    void aWorkerWhoseClockIsSetApartRefusesToStart(String offset) throws Exception {
        String store = "sqlite:" + dir.resolve("q.sqlite") + "?retry_after=90";
        try (Qctl qctl = new Qctl(dir);
                Qctl skewed = new Qctl(dir, SkewedClock.env(offset))) {
            assertThat(qctl.run("dispatch", "-c", store, "--", "true").exit()).isZero();
            Qctl.Result refused = skewed.run("work", "-c", store, "--stop-when-empty");

            assertThat(refused.exit()).as(refused.out()).isEqualTo(3);
            assertThat(refused.errLines())
                    .singleElement()
                    .asString()
                    .contains("clock is 120 s", offset.startsWith("+") ? "ahead" : "behind", "at most 30 s");
            assertThat(refused.out()).doesNotContain("DONE");

            // within the bound a worker runs as before (its job dispatched on its clock: 10 s behind, one dispatched
            // on the true clock would not be due for it yet)
            try (Qctl near = new Qctl(dir, SkewedClock.env(offset.charAt(0) + "10s"))) {
                assertThat(near.run("dispatch", "-c", store, "--", "true").exit())
                        .isZero();
                Qctl.Result worked = near.run("work", "-c", store, "--stop-when-empty");
                assertThat(worked.exit()).as(worked.err()).isZero();
                assertThat(worked.out()).contains("DONE");
            }
        }
    }
}
