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

    /**
     * Laravel's MySQL grammar: {@code jobs.attempts tinyint unsigned} and {@code job_batches.failed_job_ids
     * text}; qctl's count then stops at 255, and a Laravel 13 table's smallint lets it reach 65,535.
     */
    @Test
    void migrateCreatesLaravelsColumnTypesAndTheAttemptsLimitFollowsTheColumn() throws SQLException {
        QueueBackend existing = backend();
        ((SqlQueueBackend) existing).store().tx(c -> {
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS jobs, job_batches");
            }
            return null;
        });
        try (QueueBackend migrator = Stores.openForMigration(Stores.parse(TestStores.mysqlUrl()))) {
            migrator.migrate();
        }
        try (QueueBackend fresh = Stores.open(Stores.parse(TestStores.mysqlUrl()), 2)) {
            assertThat(columnType(fresh, "jobs", "attempts")).isEqualTo("tinyint(3) unsigned");
            assertThat(columnType(fresh, "job_batches", "failed_job_ids")).isEqualTo("text");
            assertThat(fresh.attemptsLimit()).isEqualTo(255);
            ((SqlQueueBackend) fresh).store().tx(c -> {
                try (var s = c.createStatement()) {
                    s.execute("ALTER TABLE jobs MODIFY attempts smallint unsigned not null");
                }
                return null;
            });
        }
        try (QueueBackend laravel13 = Stores.open(Stores.parse(TestStores.mysqlUrl()), 2)) {
            assertThat(laravel13.attemptsLimit()).isEqualTo(65_535);
        }
        try (QueueBackend back = Stores.open(Stores.parse(TestStores.mysqlUrl()), 2)) {
            ((SqlQueueBackend) back).store().tx(c -> {
                try (var s = c.createStatement()) {
                    s.execute("ALTER TABLE jobs MODIFY attempts tinyint unsigned not null");
                }
                return null;
            });
        }
    }

    private static String columnType(QueueBackend backend, String table, String column) {
        return ((SqlQueueBackend) backend).store().tx(c -> {
            try (var ps = c.prepareStatement("SELECT COLUMN_TYPE FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
                ps.setString(1, table);
                ps.setString(2, column);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }
}
