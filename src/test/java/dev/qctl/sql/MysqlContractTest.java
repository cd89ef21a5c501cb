package dev.qctl.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.config.Stores;
import dev.qctl.queue.Capability;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.contract.AttemptsLimitContract;
import dev.qctl.queue.contract.QueueBackendContract;
import dev.qctl.queue.contract.StaleJobKeysContract;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract through MySQL Connector/J: a {@code mysql://} URL ({@link TestStores#mysqlUrl()}),
 * on the machine against its MariaDB server. MariadbContractTest runs the same server through the
 * MariaDB driver. No channel for wake-ups, so workers poll.
 */
class MysqlContractTest extends QueueBackendContract implements AttemptsLimitContract, StaleJobKeysContract {
    @Override
    public void storeAttempts(String id, long attempts) {
        RawRows.setAttempts(backend(), id, attempts);
    }

    @Override
    protected QueueBackend open(Duration retryAfter) {
        return TestStores.openMigrated(TestStores.mysqlUrl(), retryAfter);
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.ATOMIC_BULK_PUSH);
    }

    /**
     * The pool takes its driver from the JDBC URL, as DriverManager does: mysql:// must reach
     * Connector/J, with its batches rewritten as multi-row INSERTs unless the URL says otherwise.
     */
    @Test
    void aMysqlUrlIsServedByConnectorJRewritingBatches() throws SQLException {
        MysqlDialect dialect = new MysqlDialect("mysql");
        String jdbc = dialect.jdbcUrl(Stores.parse(TestStores.mysqlUrl()));
        assertThat(DriverManager.getDriver(jdbc).getClass().getName()).startsWith("com.mysql.cj.jdbc.");
        assertThat(jdbc).contains("rewriteBatchedStatements=true");
        assertThat(dialect.jdbcUrl(Stores.parse("mysql://h/db?rewriteBatchedStatements=false")))
                .isEqualTo("jdbc:mysql://h:3306/db?rewriteBatchedStatements=false");
        assertThat(dialect.jdbcUrl(Stores.parse("mysql://h/db?sslMode=DISABLED")))
                .isEqualTo("jdbc:mysql://h:3306/db?sslMode=DISABLED&rewriteBatchedStatements=true");
    }
}
