package dev.qctl.sql;

import dev.qctl.config.ConnectionUrl;
import dev.qctl.queue.ConnectionFactory;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueBackendContract;
import java.time.Duration;

class MysqlContractTest extends QueueBackendContract {
    @Override
    protected QueueBackend open(Duration retryAfter) {
        ConnectionUrl url = ConnectionUrl.parse(TestStores.mysqlUrl() + "?retry_after=" + retryAfter.toSeconds());
        try (QueueBackend migrator = ConnectionFactory.openForMigration(url)) {
            migrator.migrate();
        }
        return ConnectionFactory.open(url, 4);
    }
}
