package dev.qctl.sql;

import dev.qctl.queue.ConnectionUrl;
import dev.qctl.config.Stores;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueBackendContract;
import java.time.Duration;

class MysqlContractTest extends QueueBackendContract {
    @Override
    protected QueueBackend open(Duration retryAfter) {
        ConnectionUrl url = Stores.parse(TestStores.mysqlUrl() + "?retry_after=" + retryAfter.toSeconds());
        try (QueueBackend migrator = Stores.openForMigration(url)) {
            migrator.migrate();
        }
        return Stores.open(url, 4);
    }
}
