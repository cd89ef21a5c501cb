package dev.qctl.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.base.MissingTablesException;
import dev.qctl.base.StoreUnavailableException;
import dev.qctl.config.Stores;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.QueueBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's ledger suite: a worker that started while its PostgreSQL connections were being
 * reset (a restart, a cut link) exited with "the jobs tables do not exist … run qctl migrate"
 * (exit 3) instead of waiting for the store, because the tables check took any error for a
 * missing table. A dropped connection is the store being unavailable.
 */
class TablesCheckOnALostConnectionTest {
    @Test
    void aConnectionDroppedDuringTheTablesCheckIsNotMissingTables() throws Exception {
        String url = TestStores.postgresUrl();
        try (QueueBackend backend = TestStores.openMigrated(url, Duration.ofSeconds(60))) {
            SqlQueueBackend sql = (SqlQueueBackend) backend;
            assertThat(sql.hasTables()).isTrue();
            // every other session on this (own) test database ends, as in a server restart; the pool still holds them
            ConnectionUrl parsed = Stores.parse(url);
            try (Connection admin = DriverManager.getConnection(
                            new PostgresDialect().jdbcUrl(parsed), parsed.user(), parsed.password());
                    Statement s = admin.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
            }
            String outcome;
            try {
                outcome = Boolean.toString(sql.hasTables());
            } catch (MissingTablesException e) {
                outcome = "missing tables: " + e.getMessage();
            } catch (StoreUnavailableException e) {
                outcome = "unavailable";
            }
            assertThat(outcome)
                    .as("the tables are there; the connection was lost")
                    .isIn("true", "unavailable");
        }
    }
}
