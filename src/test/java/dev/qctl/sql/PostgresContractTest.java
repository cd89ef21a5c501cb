package dev.qctl.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.config.Stores;
import dev.qctl.queue.Capability;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.contract.AttemptsLimitContract;
import dev.qctl.queue.contract.QueueBackendContract;
import dev.qctl.queue.contract.StaleJobKeysContract;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

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

    /** Issue 19: a silent partition must not hang a worker forever; a URL's own value wins. */
    @Test
    void pgjdbcGetsASocketTimeoutUnlessTheUrlSetsOne() {
        PostgresDialect dialect = new PostgresDialect();
        assertThat(dialect.jdbcUrl(Stores.parse("postgres://h/db")))
                .isEqualTo("jdbc:postgresql://h:5432/db?connectTimeout=10&socketTimeout=30&tcpKeepAlive=true");
        assertThat(dialect.jdbcUrl(Stores.parse("postgres://h/db?socketTimeout=0&sslmode=disable")))
                .startsWith("jdbc:postgresql://h:5432/db?")
                .contains("socketTimeout=0", "sslmode=disable", "tcpKeepAlive=true")
                .doesNotContain("socketTimeout=30");
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.ATOMIC_BULK_PUSH, Capability.WAKE_ON_PUSH);
    }
}
