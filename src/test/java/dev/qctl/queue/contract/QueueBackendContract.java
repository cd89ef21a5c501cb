package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.Capability;
import dev.qctl.queue.QueueBackend;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store must have, written once and split by concern, one interface per
 * file ({@link PushContract}, {@link ReserveContract}, {@link AckContract}, {@link ReleaseContract},
 * {@link LeaseContract}, {@link FailedJobsContract}, {@link WakeUpContract}, {@link BulkPushContract},
 * {@link SizesAndClearContract}, {@link LocksContract}, {@link FleetContract}, {@link BatchesContract}, {@link JobKeysContract}, {@link UniqueJobsContract}, {@link RateLimitsContract}, {@link OverlapLocksContract}). A store's test class extends this one, so it runs every concern;
 * it only says how to open the store and which {@link Capability capabilities} the store declares
 * (River's {@code riverdrivertest.Exercise}, called once per driver). A test of an optional
 * feature checks the feature where it is declared and the documented fallback where it is not:
 * nothing is skipped.
 */
public abstract class QueueBackendContract
        implements PushContract,
                ReserveContract,
                AckContract,
                ReleaseContract,
                LeaseContract,
                FailedJobsContract,
                WakeUpContract,
                BulkPushContract,
                SizesAndClearContract,
                LocksContract,
                FleetContract,
                BatchesContract,
                JobKeysContract,
                UniqueJobsContract,
                RateLimitsContract,
                LookupContract,
                OverlapLocksContract {
    private QueueBackend backend;
    private String queue;

    /** Opens the store on a real server or file, with its tables/keys in place, using this retry_after. */
    protected abstract QueueBackend open(Duration retryAfter);

    /** The capabilities this store must declare, no more and no fewer. */
    protected abstract Set<Capability> expectedCapabilities();

    @BeforeEach
    final void openBackend() {
        backend = open(RETRY_AFTER);
        queue = "contract-" + UUID.randomUUID();
    }

    @AfterEach
    final void closeBackend() {
        if (backend != null) {
            for (String suffix : List.of("", "-high", "-low")) backend.clear(queue + suffix);
            backend.close();
        }
    }

    @Override
    public final QueueBackend backend() {
        return backend;
    }

    @Override
    public final String q() {
        return queue;
    }

    /** A capability lost by mistake would quietly turn its tests into checks of the fallback. */
    @Test
    void theStoreDeclaresExactlyItsCapabilities() {
        assertThat(backend.capabilities()).containsExactlyInAnyOrderElementsOf(expectedCapabilities());
    }
}
