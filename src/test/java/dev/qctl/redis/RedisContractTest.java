package dev.qctl.redis;

import dev.qctl.queue.ConnectionUrl;
import dev.qctl.config.Stores;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueBackendContract;
import java.time.Duration;

class RedisContractTest extends QueueBackendContract {
    @Override
    protected QueueBackend open(Duration retryAfter) {
        return Stores.open(Stores.parse(
                RedisTestServer.url("qctl-contract:", "retry_after=" + retryAfter.toSeconds())), 4);
    }
}
