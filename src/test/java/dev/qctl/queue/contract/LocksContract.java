package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.queue.Locks;
import dev.qctl.queue.ScheduleHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Named locks with owner and store-clock expiry, and the scheduler's run history. */
public interface LocksContract extends StoreUnderTest {

    private Locks locks() {
        return backend().locks();
    }

    @Test
    default void aLockHasOneHolderUntilItsOwnerReleasesIt() {
        String name = q() + ":lock";
        assertThat(locks().acquire(name, "a", Duration.ofSeconds(30))).isTrue();
        assertThat(locks().acquire(name, "b", Duration.ofSeconds(30))).isFalse();
        assertThat(locks().holder(name)).hasValueSatisfying(h -> {
            assertThat(h.owner()).isEqualTo("a");
            assertThat(h.expiresAt())
                    .isAfter(Instant.now().plusSeconds(20))
                    .isBefore(Instant.now().plusSeconds(40));
        });

        assertThat(locks().release(name, "b")).as("not b's to release").isFalse();
        assertThat(locks().holder(name)).isPresent();
        assertThat(locks().release(name, "a")).isTrue();
        assertThat(locks().holder(name)).isEmpty();
        assertThat(locks().acquire(name, "b", Duration.ofSeconds(30))).isTrue();
        locks().clear(name);
    }

    @Test
    default void acquireAllTakesTheFreeLocksOfAListAndReleaseAllOnlyTheOwnersOwn() {
        String held = q() + ":batch-held";
        String free = q() + ":batch-free";
        assertThat(locks().acquire(held, "other", Duration.ofSeconds(30))).isTrue();

        assertThat(locks().acquireAll(List.of(free, held), "me", Duration.ofSeconds(30)))
                .containsExactly(true, false);
        assertThat(locks().holder(free)).map(Locks.Held::owner).hasValue("me");
        assertThat(locks().held(q() + ":batch-")).hasSize(2);

        locks().releaseAll(List.of(free, held), "me");
        assertThat(locks().holder(free)).isEmpty();
        assertThat(locks().holder(held))
                .as("not mine to release")
                .map(Locks.Held::owner)
                .hasValue("other");
        assertThat(locks().acquireAll(List.of(), "me", Duration.ofSeconds(30))).isEmpty();
        locks().clear(held);
    }

    @Test
    default void anExpiredLockCanBeTakenByAnother() {
        String name = q() + ":expiring";
        assertThat(locks().acquire(name, "dead", Duration.ofSeconds(1))).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> locks().acquire(name, "alive", Duration.ofSeconds(30)));
        assertThat(locks().holder(name)).map(Locks.Held::owner).hasValue("alive");
        assertThat(locks().release(name, "dead"))
                .as("the expired owner frees nothing")
                .isFalse();
        locks().clear(name);
    }

    @Test
    default void manyTakersAtOnceGiveOneWinner() throws Exception {
        String name = q() + ":race";
        List<Callable<Boolean>> takers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String owner = "owner-" + i;
            takers.add(() -> locks().acquire(name, owner, Duration.ofSeconds(30)));
        }
        int winners = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> f : pool.invokeAll(takers)) if (f.get()) winners++;
        }
        assertThat(winners).isEqualTo(1);
        locks().clear(name);
    }

    @Test
    default void heldListsLiveLocksByPrefixAndClearDropsAnyHolder() {
        String p = q() + ":list:";
        locks().acquire(p + "b", "x", Duration.ofSeconds(30));
        locks().acquire(p + "a", "y", Duration.ofSeconds(30));
        locks().acquire(q() + ":other", "z", Duration.ofSeconds(30));

        assertThat(locks().held(p)).extracting(Locks.Held::name).containsExactly(p + "a", p + "b");
        assertThat(locks().clear(p + "a")).isTrue();
        assertThat(locks().clear(p + "a")).isFalse();
        assertThat(locks().held(p)).extracting(Locks.Held::name).containsExactly(p + "b");
        locks().clear(p + "b");
        locks().clear(q() + ":other");
    }

    @Test
    default void historyKeepsTheLastRunsNewestFirst() {
        ScheduleHistory history = backend().scheduleHistory();
        String entry = q() + "-entry";
        Instant start = Instant.parse("2026-03-08T07:00:00Z");
        for (int i = 0; i < ScheduleHistory.KEEP + 3; i++) {
            history.record(new ScheduleHistory.Run(
                    entry,
                    start.plusSeconds(60L * i),
                    Duration.ofMillis(1200 + i),
                    i % 2 == 0 ? "DONE" : "FAIL exit 3",
                    "h1"));
        }
        List<ScheduleHistory.Run> runs = history.last(entry, 100);
        assertThat(runs).hasSize(ScheduleHistory.KEEP);
        ScheduleHistory.Run newest = runs.getFirst();
        assertThat(newest.startedAt()).isEqualTo(start.plusSeconds(60L * (ScheduleHistory.KEEP + 2)));
        assertThat(newest.duration()).isEqualTo(Duration.ofMillis(1200 + ScheduleHistory.KEEP + 2));
        assertThat(newest.status()).isEqualTo("DONE");
        assertThat(newest.host()).isEqualTo("h1");
        assertThat(history.last(entry, 1)).hasSize(1);
        assertThat(history.last(q() + "-none", 5)).isEmpty();
    }
}
