package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.queue.Controls;
import dev.qctl.queue.WorkerInfo;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Worker heartbeats ({@link dev.qctl.queue.WorkerRegistry}) and fleet signals ({@link Controls}):
 * entries expire by the store's clock, a beat replaces the worker's entry, restart signals
 * always move on, paused queues are the store's. Entries and queues are the test's own, since
 * the server may be shared.
 */
public interface FleetContract extends StoreUnderTest {

    private static WorkerInfo worker(String id, long processed) {
        return new WorkerInfo(
                id,
                "contract",
                "host",
                42,
                "conn",
                List.of("a", "b"),
                4,
                "dev",
                1_700_000_000L,
                0,
                processed,
                1,
                2,
                3,
                List.of(new WorkerInfo.RunningJob("7", "a", "echo x", 5)),
                false,
                false,
                java.util.Map.of("a", processed, "b", 1L));
    }

    private List<WorkerInfo> mine(String id) {
        return backend().workers().list().stream()
                .filter(w -> w.id().equals(id))
                .toList();
    }

    @Test
    default void aBeatIsListedWithTheStoresTimeAndReplacesTheWorkersEarlierOne() {
        String id = "contract-" + UUID.randomUUID();
        backend().workers().beat(worker(id, 1), Duration.ofSeconds(30));
        backend().workers().beat(worker(id, 5), Duration.ofSeconds(30));

        List<WorkerInfo> listed = mine(id);
        assertThat(listed).hasSize(1);
        WorkerInfo w = listed.getFirst();
        assertThat(w.processed()).isEqualTo(5);
        assertThat(w.queues()).containsExactly("a", "b");
        assertThat(w.processedByQueue()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", 5L, "b", 1L));
        assertThat(w.running()).containsExactly(new WorkerInfo.RunningJob("7", "a", "echo x", 5));
        assertThat(w.lastSeen())
                .isBetween(backend().workers().now() - 5, backend().workers().now());

        assertThat(backend().workers().remove(id)).isTrue();
        assertThat(mine(id)).isEmpty();
        assertThat(backend().workers().remove(id)).isFalse();
    }

    @Test
    default void anEntryNotBeatenAgainExpiresAndIsPruned() {
        String dead = "contract-" + UUID.randomUUID();
        String live = "contract-" + UUID.randomUUID();
        long beaten = System.nanoTime();
        backend().workers().beat(worker(dead, 1), Duration.ofSeconds(2));
        backend().workers().beat(worker(live, 1), Duration.ofSeconds(60));
        List<WorkerInfo> listed = mine(dead);
        // SQL stores count whole seconds, so a 2 s entry lasts more than 1 s: listed if looked at
        // within it (a machine too loaded to look that soon proves nothing either way)
        if (System.nanoTime() - beaten < Duration.ofSeconds(1).toNanos())
            assertThat(listed).hasSize(1);

        await("the entry to expire")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> mine(dead).isEmpty());
        backend().workers().prune();
        assertThat(mine(dead)).isEmpty();
        assertThat(mine(live)).hasSize(1);
        backend().workers().remove(live);
    }

    @Test
    default void everyRestartSignalDiffersFromTheOneBeforeAndIsRead() {
        long first = backend().controls().restart();
        long second = backend().controls().restart();

        assertThat(second).isGreaterThan(first);
        assertThat(first).isGreaterThanOrEqualTo(backend().workers().now() - 5);
        assertThat(backend().controls().read().restart()).isGreaterThanOrEqualTo(second);
    }

    @Test
    default void pausedQueuesAreKeptUntilResumed() {
        Controls controls = backend().controls();
        controls.pause(q());
        controls.pause(q()); // twice is once
        controls.pause(q() + "-low");

        assertThat(controls.read().paused()).contains(q(), q() + "-low");
        assertThat(controls.resume(q())).isTrue();
        assertThat(controls.resume(q())).isFalse();
        assertThat(controls.read().paused()).doesNotContain(q()).contains(q() + "-low");
        controls.resume(q() + "-low");
        assertThat(controls.read().paused()).doesNotContain(q() + "-low");
    }
}
