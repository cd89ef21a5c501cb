package dev.qctl.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.config.Stores;
import dev.qctl.queue.Capability;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.contract.AttemptsLimitContract;
import dev.qctl.queue.contract.QueueBackendContract;
import dev.qctl.queue.contract.StaleJobKeysContract;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
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

    /**
     * Issue 20: statistics taken while a queue was empty (autovacuum off, or a burst of dispatches
     * within its nap) made the planner take Laravel's {@code (queue)} index and sort the whole
     * queue for every reservation (0.3 s each at 166,000 waiting). The reservation walks the
     * {@code (queue, id)} index in order instead, without a sort.
     */
    @Test
    void aReservationWalksTheQueueInIdOrderWhateverTheStatisticsSay() {
        String queue = "stale-statistics";
        SqlStore store = ((SqlQueueBackend) backend()).store();
        store.tx(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute("ANALYZE jobs"); // while this queue has no rows
            }
        });
        Payload noop = Payload.create("noop", "noop", null, new JobOptions(1, null, null, 60, null, null));
        backend()
                .pushBulk(IntStream.range(0, 20_000)
                        .mapToObj(i -> PushRequest.now(queue, noop))
                        .toList());
        PostgresDialect dialect = new PostgresDialect();
        String plan = store.tx(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(PostgresDialect.PLAN_IN_ID_ORDER);
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + dialect.reservation())) {
                JobsTable.bindAvailable(ps, queue, 90, 20);
                StringBuilder lines = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) lines.append(rs.getString(1)).append('\n');
                }
                return lines.toString();
            }
        });
        assertThat(plan).contains("Index Scan").doesNotContain("Sort"); // an index that returns ids in order
        assertThat(backend().reserve(List.of(queue), 3)).hasSize(3);
    }

    @Override
    protected Set<Capability> expectedCapabilities() {
        return Set.of(Capability.ATOMIC_BULK_PUSH, Capability.WAKE_ON_PUSH);
    }
}
