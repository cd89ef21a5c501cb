package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.queue.JobKeys;
import dev.qctl.queue.Locks;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Unique jobs (dispatch --unique-for): a unique key is held like a dispatch id, but never longer
 * than the unique-for duration, and a job unique until processing frees it as it starts.
 */
public interface UniqueJobsContract extends StoreUnderTest {
    Duration LONG = Duration.ofMinutes(10);

    private JobKeys keys() {
        return backend().jobKeys();
    }

    private String lock() {
        return JobKeys.UNIQUE_PREFIX + q() + "-unique";
    }

    private PushRequest unique(String name) {
        return PushRequest.now(q(), job(name).with(JobKeys.UNIQUE_FIELD, q() + "-unique"));
    }

    @Test
    default void aHeldUniqueKeyAddsNothingAndNamesTheHolder() {
        JobKeys.Pushed first = keys().push(lock(), LONG, unique("first"));
        JobKeys.Pushed second = keys().push(lock(), LONG, unique("second"));
        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isTrue();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(backend().sizes(q()).total()).isEqualTo(1);
        assertThat(backend().locks().holder(lock())).map(Locks.Held::owner).hasValue("job:" + first.id());
        assertThat(keys().push(q() + "-unique", unique("an id of the same text"))
                        .duplicate())
                .as("ids and unique keys are separate names")
                .isFalse();
    }

    @Test
    default void theAckOfTheDoneJobFreesItsUniqueKey() {
        String id = keys().push(lock(), LONG, unique("first")).id();
        ReservedJob running = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        assertThat(running.id()).isEqualTo(id);
        assertThat(keys().push(lock(), LONG, unique("while running")).duplicate())
                .isTrue();
        assertThat(keys().ackFreeing(running, lock(), Duration.ZERO)).isTrue();
        assertThat(backend().sizes(q()).total()).isZero();
        assertThat(keys().push(lock(), LONG, unique("after")).duplicate()).isFalse();
    }

    @Test
    default void freeingAtTheStartLetsANewJobInWhileTheFirstStillRuns() {
        String id = keys().push(lock(), LONG, unique("until processing")).id();
        ReservedJob running = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        keys().free(lock(), running.id(), Duration.ZERO);
        JobKeys.Pushed next = keys().push(lock(), LONG, unique("next"));
        assertThat(next.duplicate()).isFalse();
        assertThat(next.id()).isNotEqualTo(id);
        assertThat(backend().sizes(q()).total()).isEqualTo(2);
        assertThat(keys().ackFreeing(running, lock(), Duration.ZERO))
                .as("the first job's ack still acks it")
                .isTrue();
        assertThat(keys().push(lock(), LONG, unique("third")).id())
                .as("but frees only its own hold, not the next job's")
                .isEqualTo(next.id());
    }

    @Test
    default void aUniqueKeyExpiresAfterItsDurationThoughItsJobIsStillQueued() {
        String first =
                keys().push(lock(), Duration.ofSeconds(1), unique("expiring")).id();
        assertThat(keys().push(lock(), Duration.ofSeconds(1), unique("too soon"))
                        .duplicate())
                .isTrue();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !keys().push(lock(), LONG, unique("later")).duplicate());
        assertThat(backend().sizes(q()).total()).isEqualTo(2);
        keys().free(lock(), first, Duration.ZERO);
        assertThat(keys().push(lock(), LONG, unique("again")).duplicate())
                .as("the expired holder frees nothing of the new one's")
                .isTrue();
    }

    @Test
    default void manyPushersAtOnceAddOneUniqueJob() throws Exception {
        List<Callable<JobKeys.Pushed>> pushers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "racer-" + i;
            pushers.add(() -> keys().push(lock(), LONG, unique(name)));
        }
        Set<String> ids = new HashSet<>();
        int fresh = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (Future<JobKeys.Pushed> f : pool.invokeAll(pushers)) {
                ids.add(f.get().id());
                if (!f.get().duplicate()) fresh++;
            }
        }
        assertThat(fresh).isEqualTo(1);
        assertThat(ids).hasSize(1);
        assertThat(backend().sizes(q()).total()).isEqualTo(1);
    }
}
