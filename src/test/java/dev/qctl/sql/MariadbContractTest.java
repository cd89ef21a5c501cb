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
 * The contract through the MariaDB driver: a {@code mariadb://} URL ({@link TestStores#mariadbUrl()},
 * by default the server of the {@code mysql://} one). No channel for wake-ups, so workers poll.
 */
class MariadbContractTest extends QueueBackendContract implements AttemptsLimitContract, StaleJobKeysContract {
    @Override
    public void storeAttempts(String id, long attempts) {
        RawRows.setAttempts(backend(), id, attempts);
    }

    @Override
    protected QueueBackend open(Duration retryAfter) {
        return TestStores.openMigrated(TestStores.mariadbUrl(), retryAfter);
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.ATOMIC_BULK_PUSH);
    }

    @Test
    void aMariadbUrlIsServedByTheMariadbDriver() throws SQLException {
        String jdbc = new MysqlDialect("mariadb").jdbcUrl(Stores.parse(TestStores.mariadbUrl()));
        assertThat(DriverManager.getDriver(jdbc).getClass().getName()).startsWith("org.mariadb.jdbc.");
    }
}
