package dev.qctl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The prefetch buffer holds what the worker finishes in about 20 ms, on a clock the test moves. */
class PaceTest {
    private long nanos = 1_000_000_000L;

    private Pace pace(int concurrency) {
        return new Pace(concurrency, () -> nanos);
    }

    private void advance(Duration by) {
        nanos += by.toNanos();
    }

    private static void finish(Pace pace, int jobs) {
        for (int i = 0; i < jobs; i++) pace.finished();
    }

    @Test
    void a_worker_that_has_finished_nothing_prefetches_nothing() {
        Pace pace = pace(4);
        advance(Duration.ofSeconds(1));

        assertThat(pace.prefetch()).isZero();
    }

    @Test
    void the_rate_is_sampled_at_most_every_50ms() {
        Pace pace = pace(100);
        finish(pace, 10_000);
        advance(Duration.ofMillis(49));

        assertThat(pace.prefetch()).as("no sample yet").isZero();
    }

    @Test
    void prefetch_holds_what_the_worker_finishes_in_20ms() {
        Pace pace = pace(100);
        finish(pace, 2_000);
        advance(Duration.ofSeconds(1));

        // a speed-up is averaged in: (0 + 2000 jobs/s) / 2 = 1000 jobs/s, × 20 ms = 20 jobs
        assertThat(pace.prefetch()).isEqualTo(20);

        finish(pace, 2_000);
        advance(Duration.ofSeconds(1));
        assertThat(pace.prefetch()).isEqualTo(30); // (1000 + 2000) / 2 = 1500 jobs/s
    }

    @Test
    void a_slowdown_is_followed_at_once() {
        Pace pace = pace(100);
        finish(pace, 10_000);
        advance(Duration.ofSeconds(1));
        assertThat(pace.prefetch()).isEqualTo(100); // 5000 jobs/s

        finish(pace, 100); // the jobs got long: 100 jobs/s
        advance(Duration.ofSeconds(1));

        assertThat(pace.prefetch()).isEqualTo(2);

        advance(Duration.ofSeconds(1)); // nothing finished: stop hoarding jobs others could run
        assertThat(pace.prefetch()).isZero();
    }

    @Test
    void the_buffer_is_capped_at_four_per_slot_within_100_to_500() {
        for (int[] concurrencyAndCap : new int[][] {{1, 100}, {50, 200}, {1_000, 500}}) {
            Pace pace = pace(concurrencyAndCap[0]);
            finish(pace, 1_000_000);
            advance(Duration.ofSeconds(1));
            assertThat(pace.prefetch())
                    .as("concurrency %d", concurrencyAndCap[0])
                    .isEqualTo(concurrencyAndCap[1]);
        }
    }

    @Test
    void between_samples_the_last_prefetch_holds() {
        Pace pace = pace(100);
        finish(pace, 2_000);
        advance(Duration.ofSeconds(1));
        assertThat(pace.prefetch()).isEqualTo(20);

        finish(pace, 1_000_000);
        advance(Duration.ofMillis(10));

        assertThat(pace.prefetch()).isEqualTo(20);
    }
}
