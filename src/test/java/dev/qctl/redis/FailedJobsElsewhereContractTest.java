package dev.qctl.redis;

import dev.qctl.config.Stores;
import dev.qctl.queue.Capability;
import dev.qctl.queue.FailedJobsElsewhere;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.contract.QueueBackendContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract on Laravel's arrangement of a Redis queue whose failed jobs go to a SQL
 * failed_jobs table (a SQLite file here), through {@link FailedJobsElsewhere}: the decorated
 * queue behaves as the plain one does and declares the Redis queue's capabilities.
 */
class FailedJobsElsewhereContractTest extends QueueBackendContract {
    @TempDir
    Path dir;

    @Override
    protected QueueBackend open(Duration retryAfter) {
        QueueBackend queue = Stores.open(
                Stores.parse(RedisTestServer.url("qctl-contract-elsewhere:", "retry_after=" + retryAfter.toSeconds())),
                4);
        return new FailedJobsElsewhere(queue, Stores.open(Stores.parse("sqlite:" + dir.resolve("failed.sqlite")), 2));
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.WAKE_ON_PUSH, Capability.ATOMIC_BULK_PUSH);
    }
}
