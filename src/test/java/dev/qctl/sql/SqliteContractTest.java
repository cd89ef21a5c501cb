package dev.qctl.sql;

import dev.qctl.queue.ConnectionUrl;
import dev.qctl.config.Stores;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueBackendContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class SqliteContractTest extends QueueBackendContract {
    @TempDir Path dir;

    @Override
    protected QueueBackend open(Duration retryAfter) {
        return Stores.open(Stores.parse("sqlite:" + dir.resolve("q.sqlite")
                + "?retry_after=" + retryAfter.toSeconds()), 4);
    }
}
