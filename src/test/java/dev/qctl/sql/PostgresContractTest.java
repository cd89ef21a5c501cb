package dev.qctl.sql;

import dev.qctl.queue.Capability;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.contract.AttemptsLimitContract;
import dev.qctl.queue.contract.QueueBackendContract;
import dev.qctl.queue.contract.StaleJobKeysContract;
import java.time.Duration;
import java.util.Set;

/** The contract on PostgreSQL ({@link TestStores#postgresUrl()}); LISTEN/NOTIFY wakes idle workers. */
class PostgresContractTest extends QueueBackendContract implements AttemptsLimitContract, StaleJobKeysContract {
    @Override
    public void storeAttempts(String id, long attempts) {
        RawRows.setAttempts(backend(), id, attempts);
    }

    @Override
    protected QueueBackend open(Duration retryAfter) {
        return TestStores.openMigrated(TestStores.postgresUrl(), retryAfter);
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.ATOMIC_BULK_PUSH, Capability.WAKE_ON_PUSH);
    }
}
