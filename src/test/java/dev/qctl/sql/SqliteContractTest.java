package dev.qctl.sql;

import dev.qctl.config.Stores;
import dev.qctl.queue.Capability;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.contract.AttemptsLimitContract;
import dev.qctl.queue.contract.QueueBackendContract;
import dev.qctl.queue.contract.StaleJobKeysContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a SQLite file of the test's own; no channel for wake-ups, so workers poll. */
class SqliteContractTest extends QueueBackendContract implements AttemptsLimitContract, StaleJobKeysContract {
    @Override
    public void storeAttempts(String id, long attempts) {
        RawRows.setAttempts(backend(), id, attempts);
    }

    @TempDir
    Path dir;

    @Override
    protected QueueBackend open(Duration retryAfter) {
        return Stores.open(
                Stores.parse("sqlite:" + dir.resolve("q.sqlite") + "?retry_after=" + retryAfter.toSeconds()), 4);
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.ATOMIC_BULK_PUSH);
    }
}
