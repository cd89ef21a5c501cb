package dev.qctl.queue.contract;

import static org.awaitility.Awaitility.await;

import dev.qctl.queue.Capability;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every concern of the contract is written against: the store under test, opened afresh
 * for each test by {@link QueueBackendContract}, and queues of the test's own ({@link #q()} and
 * its {@code -high}/{@code -low} siblings), so tests on a shared server never meet.
 */
public interface StoreUnderTest {
    /** Short, so abandoned reservations come back within a test. */
    Duration RETRY_AFTER = Duration.ofSeconds(2);

    /** The store, opened with {@link #RETRY_AFTER}. */
    QueueBackend backend();

    /** This test's queue; {@code q() + "-high"} and {@code q() + "-low"} are the test's too. */
    String q();

    /** Whether the store says it has this capability; a test of it then checks it, else the fallback. */
    default boolean declares(Capability capability) {
        return backend().capabilities().contains(capability);
    }

    default Payload job(String name) {
        return Payload.exec(List.of("echo", name), null, JobOptions.NONE);
    }

    default String push(String queue, String name) {
        return backend().push(PushRequest.now(queue, job(name)));
    }

    /** The job's display name, {@code "echo NAME"} for {@link #job}. */
    default String nameOf(ReservedJob job) {
        return Payload.parse(job.rawPayload()).displayName();
    }

    /** Polls until {@code reserve} yields a job and returns the first, or fails the test after {@code within}. */
    default ReservedJob eventually(Duration within, Supplier<List<ReservedJob>> reserve) {
        return await("a job to reserve")
                .atMost(within)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(reserve::get, jobs -> !jobs.isEmpty())
                .getFirst();
    }
}
