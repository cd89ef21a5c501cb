package dev.qctl.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.config.Stores;
import dev.qctl.queue.Capability;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.contract.QueueBackendContract;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract on Redis ({@link RedisTestServer}): BLPOP on the notify lists wakes idle workers;
 * a bulk push is written 1,000 jobs at a time, each chunk atomic but not the whole.
 */
class RedisContractTest extends QueueBackendContract {
    @Override
    protected QueueBackend open(Duration retryAfter) {
        return Stores.open(
                Stores.parse(RedisTestServer.url("qctl-contract:", "retry_after=" + retryAfter.toSeconds())), 4);
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.WAKE_ON_PUSH, Capability.ATOMIC_BULK_PUSH);
    }

    /** block_for=0 turns the blocking listener off (the worker polls), and the store says so. */
    @Test
    void withBlockForZeroTheStoreDeclaresNoWakeUps() {
        try (QueueBackend polling =
                Stores.open(Stores.parse(RedisTestServer.url("qctl-contract:", "block_for=0")), 1)) {
            assertThat(polling.capabilities()).doesNotContain(Capability.WAKE_ON_PUSH);
        }
    }
}
