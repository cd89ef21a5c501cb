package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.queue.Locks;
import dev.qctl.queue.OverlapLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** without_overlapping's locks: one running job per handler and key, freed by it or by their expiry. */
public interface OverlapLocksContract extends StoreUnderTest {

    private OverlapLocks overlaps() {
        return new OverlapLocks(backend().locks());
    }

    @Test
    default void oneJobPerKeyRunsAtATimeAndOtherKeysDoNotWait() {
        String handler = q() + "-sync";
        String a = OverlapLocks.lockName(handler, "taxpayer-1");
        String b = OverlapLocks.lockName(handler, "taxpayer-2");
        assertThat(overlaps().take(a, "101", Duration.ofSeconds(30))).isTrue();
        assertThat(overlaps().take(a, "102", Duration.ofSeconds(30)))
                .as("the same key is held")
                .isFalse();
        assertThat(overlaps().take(b, "103", Duration.ofSeconds(30)))
                .as("another key")
                .isTrue();
        assertThat(overlaps().held())
                .filteredOn(h -> h.name().startsWith(OverlapLocks.PREFIX + handler))
                .extracting(Locks.Held::name, Locks.Held::owner)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a, "101"), org.assertj.core.groups.Tuple.tuple(b, "103"));

        assertThat(overlaps().release(a, "102")).as("not job 102's lock").isFalse();
        assertThat(overlaps().release(a, "101")).isTrue();
        assertThat(overlaps().take(a, "102", Duration.ofSeconds(30)))
                .as("free once its job ended")
                .isTrue();
        overlaps().release(a, "102");
        overlaps().release(b, "103");
        assertThat(overlaps().held()).noneMatch(h -> h.name().startsWith(OverlapLocks.PREFIX + handler));
    }

    @Test
    default void aDeadHoldersLockExpiresAfterExpireAfter() {
        String lock = OverlapLocks.lockName(q() + "-nightly", "");
        assertThat(lock).isEqualTo(OverlapLocks.PREFIX + q() + "-nightly");
        assertThat(overlaps().take(lock, "7", Duration.ofSeconds(1))).isTrue();
        assertThat(overlaps().take(lock, "8", Duration.ofSeconds(1))).isFalse();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> overlaps().take(lock, "8", Duration.ofSeconds(30)));
        assertThat(overlaps().release(lock, "7"))
                .as("the dead holder frees nothing")
                .isFalse();
        assertThat(overlaps().release(lock, "8")).isTrue();
    }

    @Test
    default void jobsStartingTogetherWithOneKeyGetOneLock() throws Exception {
        String lock = OverlapLocks.lockName(q() + "-race", "k");
        List<Callable<Boolean>> jobs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = Integer.toString(200 + i);
            jobs.add(() -> overlaps().take(lock, id, Duration.ofSeconds(30)));
        }
        int running = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> f : pool.invokeAll(jobs)) if (f.get()) running++;
        }
        assertThat(running).isEqualTo(1);
        backend().locks().clear(lock);
    }
}
