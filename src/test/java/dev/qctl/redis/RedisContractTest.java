package dev.qctl.redis;

import dev.qctl.config.ConnectionUrl;
import dev.qctl.queue.ConnectionFactory;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueBackendContract;
import java.time.Duration;

class RedisContractTest extends QueueBackendContract {
    @Override
    protected QueueBackend open(Duration retryAfter) {
        return ConnectionFactory.open(ConnectionUrl.parse(
                RedisTestServer.url("qctl-contract:", "retry_after=" + retryAfter.toSeconds())), 4);
    }
}
