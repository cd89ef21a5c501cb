package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.queue.JobKeys;
import dev.qctl.queue.Locks;
import dev.qctl.queue.Payload;
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

/** Dispatch keys (dispatch --id): one job per key while it is queued or running, free again once it is done. */
public interface JobKeysContract extends StoreUnderTest {

    private JobKeys keys() {
        return backend().jobKeys();
    }

    private PushRequest keyed(String key, String name, Duration delay) {
        Payload p = job(name).with(JobKeys.KEY_FIELD, key);
        return new PushRequest(q(), p, delay);
    }

    @Test
    default void aSecondPushUnderAQueuedKeyAddsNothingAndNamesTheFirstJob() {
        String key = q() + "-key";
        JobKeys.Pushed first = keys().push(key, keyed(key, "first", Duration.ZERO));
        JobKeys.Pushed second = keys().push(key, keyed(key, "second", Duration.ZERO));
        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isTrue();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(backend().sizes(q()).total()).isEqualTo(1);
        assertThat(backend().locks().holder(JobKeys.LOCK_PREFIX + key))
                .map(Locks.Held::owner)
                .hasValue("job:" + first.id());
    }

    @Test
    default void aDelayedOrRunningJobHoldsItsKeyAndItsAckFreesIt() {
        String key = q() + "-key";
        String delayed =
                keys().push(key, keyed(key, "later", Duration.ofSeconds(1))).id();
        assertThat(keys().push(key, keyed(key, "again", Duration.ZERO)).id()).isEqualTo(delayed);

        ReservedJob running = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        assertThat(running.id()).isEqualTo(delayed);
        assertThat(keys().push(key, keyed(key, "again", Duration.ZERO)).duplicate())
                .as("running")
                .isTrue();

        assertThat(keys().ack(running, key, Duration.ZERO)).isTrue();
        assertThat(keys().ack(running, key, Duration.ZERO))
                .as("fenced: acked already")
                .isFalse();
        assertThat(backend().sizes(q()).total()).isZero();
        JobKeys.Pushed after = keys().push(key, keyed(key, "after", Duration.ZERO));
        assertThat(after.duplicate()).isFalse();
        assertThat(after.id()).isNotEqualTo(delayed);
    }

    @Test
    default void aReleasedJobKeepsItsKeyAndAFailedOneFreesItThroughFinish() {
        String key = q() + "-key";
        String id = keys().push(key, keyed(key, "flaky", Duration.ZERO)).id();
        ReservedJob job = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        assertThat(backend().release(job, job.rawPayload(), Duration.ZERO)).isTrue();
        assertThat(keys().push(key, keyed(key, "dup", Duration.ZERO)).duplicate())
                .as("released for a retry")
                .isTrue();

        ReservedJob again = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        assertThat(backend().fail(again, "boom")).isTrue();
        keys().finish(key, id, Duration.ZERO);
        assertThat(keys().push(key, keyed(key, "new", Duration.ZERO)).duplicate())
                .isFalse();
    }

    @Test
    default void aKeptKeyStaysHeldForItsTimeAfterTheJobIsDone() {
        String key = q() + "-key";
        String id = keys().push(key, keyed(key, "kept", Duration.ZERO)).id();
        ReservedJob job = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        assertThat(keys().ack(job, key, Duration.ofSeconds(2))).isTrue();
        JobKeys.Pushed meanwhile = keys().push(key, keyed(key, "meanwhile", Duration.ZERO));
        assertThat(meanwhile.duplicate()).isTrue();
        assertThat(meanwhile.id()).isEqualTo(id);
        assertThat(backend().sizes(q()).total()).isZero();
        await().atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        !keys().push(key, keyed(key, "later", Duration.ZERO)).duplicate());
        assertThat(backend().sizes(q()).total()).isEqualTo(1);
    }

    @Test
    default void finishByAnotherJobFreesNothing() {
        String key = q() + "-key";
        String id = keys().push(key, keyed(key, "holder", Duration.ZERO)).id();
        keys().finish(key, "not-" + id, Duration.ZERO);
        assertThat(keys().push(key, keyed(key, "dup", Duration.ZERO)).id()).isEqualTo(id);
    }

    @Test
    default void manyPushersAtOnceAddOneJobAndAllNameIt() throws Exception {
        String key = q() + "-race";
        List<Callable<JobKeys.Pushed>> pushers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "racer-" + i;
            pushers.add(() -> keys().push(key, keyed(key, name, Duration.ZERO)));
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
