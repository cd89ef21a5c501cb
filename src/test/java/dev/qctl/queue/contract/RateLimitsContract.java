package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.queue.RateLimits;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Rate limits shared through the store, and postponing a job without spending an attempt. */
public interface RateLimitsContract extends StoreUnderTest {

    private RateLimits limits() {
        return backend().rateLimits();
    }

    @Test
    default void aLimitLetsMaxStartsThroughPerWindowThenSaysHowLongToWait() {
        String name = q() + "-api";
        for (int i = 0; i < 3; i++)
            assertThat(limits().take(name, 3, Duration.ofSeconds(2))).isZero();
        Duration wait = limits().take(name, 3, Duration.ofSeconds(2));
        // the period and the store's slack for starts that begin a moment late (at most 2 s on SQL)
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(limits().take(q() + "-other", 3, Duration.ofSeconds(2)))
                .as("limits are counted apart")
                .isZero();
        await().atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> limits().take(name, 3, Duration.ofSeconds(2)).isZero());
    }

    @Test
    default void aWindowCountsTheStartsInItWithoutTakingOne() {
        String name = q() + "-window";
        Duration period = Duration.ofSeconds(30);
        assertThat(limits().window(name, period)).isEqualTo(new RateLimits.Window(name, 0, Duration.ZERO));
        for (int i = 0; i < 3; i++) limits().take(name, 5, period);
        RateLimits.Window window = limits().window(name, period);
        assertThat(window.used()).isEqualTo(3);
        // the period and the store's slack for starts that begin a moment late (at most 2 s on SQL)
        assertThat(window.freesIn()).isGreaterThan(Duration.ofSeconds(25)).isLessThanOrEqualTo(Duration.ofSeconds(32));
        assertThat(limits().window(name, period).used())
                .as("looking took no start")
                .isEqualTo(3);
        assertThat(limits().window(q() + "-window-other", period).used()).isZero();
    }

    @Test
    default void aWindowEmptiesAsItsStartsAge() {
        String name = q() + "-ageing";
        limits().take(name, 5, Duration.ofSeconds(1));
        assertThat(limits().window(name, Duration.ofSeconds(1)).used()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> limits().window(name, Duration.ofSeconds(1)).used() == 0);
    }

    @Test
    default void manyTakersAtOnceGetNoMoreThanTheLimit() throws Exception {
        String name = q() + "-race";
        List<Callable<Duration>> takers = new ArrayList<>();
        for (int i = 0; i < 20; i++) takers.add(() -> limits().take(name, 5, Duration.ofSeconds(30)));
        int taken = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (Future<Duration> f : pool.invokeAll(takers)) if (f.get().isZero()) taken++;
        }
        assertThat(taken).isEqualTo(5);
    }

    @Test
    default void aPostponedJobComesBackLaterWithoutSpendingAnAttempt() {
        push(q(), "held back");
        ReservedJob first = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(backend().postpone(first, Duration.ofSeconds(1))).isTrue();
        assertThat(backend().postpone(first, Duration.ofSeconds(1)))
                .as("fenced: no longer reserved")
                .isFalse();
        assertThat(backend().reserve(List.of(q()), 1))
                .as("not before its delay")
                .isEmpty();
        ReservedJob again = eventually(Duration.ofSeconds(5), () -> backend().reserve(List.of(q()), 1));
        assertThat(again.attempts())
                .as("the postponed reservation was no attempt")
                .isEqualTo(1);
        assertThat(nameOf(again)).isEqualTo("echo held back");
        assertThat(backend().ack(again)).isTrue();
    }
}
