package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.JobKeys;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SQL stores: a dispatch key whose job is gone (its worker died after failing it, before freeing
 * the key) is free, since the store can see the job's row is not there.
 */
public interface StaleJobKeysContract extends StoreUnderTest {

    @Test
    default void aKeyWhoseJobIsGoneIsFree() {
        String key = q() + "-stale";
        PushRequest request = PushRequest.now(q(), job("stale").with(JobKeys.KEY_FIELD, key));
        String first = backend().jobKeys().push(key, request).id();
        ReservedJob job = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        assertThat(backend().fail(job, "worker killed before it freed the key")).isTrue();

        JobKeys.Pushed again = backend().jobKeys().push(key, request);
        assertThat(again.duplicate()).isFalse();
        assertThat(again.id()).isNotEqualTo(first);
        assertThat(backend().jobKeys().push(key, request).id()).isEqualTo(again.id());
    }
}
