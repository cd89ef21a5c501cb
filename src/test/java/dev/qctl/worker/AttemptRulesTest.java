package dev.qctl.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.JobOptions;
import org.junit.jupiter.api.Test;

/** Laravel's Worker::markJobAsFailedIf… rules, as pure functions of attempts, options and the time. */
class AttemptRulesTest {
    private static final long NOW = 1_800_000_000L;

    private static JobOptions tries(Integer maxTries) {
        return new JobOptions(maxTries, null, null, null, null, null);
    }

    private static JobOptions until(long retryUntil, int maxTries) {
        return new JobOptions(maxTries, null, null, null, retryUntil, null);
    }

    private static JobOptions maxExceptions(int maxTries, int maxExceptions) {
        return new JobOptions(maxTries, maxExceptions, null, null, null, null);
    }

    // ---- before running -----------------------------------------------------------------

    @Test
    void job_runs_while_its_attempt_is_within_max_tries() {
        assertThat(AttemptRules.mayRun(tries(3), 3, NOW)).isTrue();
        assertThat(AttemptRules.mayRun(tries(3), 4, NOW)).isFalse();
    }

    @Test
    void unset_max_tries_means_one_try() {
        assertThat(AttemptRules.mayRun(tries(null), 1, NOW)).isTrue();
        assertThat(AttemptRules.mayRun(tries(null), 2, NOW)).isFalse();
    }

    @Test
    void zero_max_tries_means_unlimited() {
        assertThat(AttemptRules.mayRun(tries(0), 1_000, NOW)).isTrue();
        assertThat(AttemptRules.exhausted(tries(0), 1_000, 1_000, NOW)).isFalse();
    }

    @Test
    void retry_until_in_the_future_runs_the_job_whatever_its_tries() {
        assertThat(AttemptRules.mayRun(until(NOW + 60, 1), 50, NOW)).isTrue();
        assertThat(AttemptRules.mayRun(until(NOW, 1), 50, NOW))
                .as("up to and including retryUntil")
                .isTrue();
    }

    @Test
    void retry_until_in_the_past_never_runs_the_job() {
        assertThat(AttemptRules.mayRun(until(NOW - 1, 3), 1, NOW)).isFalse();
        assertThat(AttemptRules.mayRun(until(NOW - 1, 0), 1, NOW)).isFalse();
    }

    // ---- after a failed attempt ---------------------------------------------------------

    @Test
    void failed_attempt_exhausts_the_job_once_attempts_reach_max_tries() {
        assertThat(AttemptRules.exhausted(tries(3), 2, 2, NOW)).isFalse();
        assertThat(AttemptRules.exhausted(tries(3), 3, 3, NOW)).isTrue();
        assertThat(AttemptRules.exhausted(tries(null), 1, 1, NOW))
                .as("one try by default")
                .isTrue();
    }

    @Test
    void retry_until_replaces_max_tries_after_a_failed_attempt() {
        assertThat(AttemptRules.exhausted(until(NOW + 1, 1), 10, 10, NOW)).isFalse();
        assertThat(AttemptRules.exhausted(until(NOW, 1), 1, 1, NOW))
                .as("retryUntil <= now")
                .isTrue();
        assertThat(AttemptRules.exhausted(until(NOW - 5, 10), 1, 1, NOW)).isTrue();
    }

    @Test
    void max_exceptions_fails_job_even_with_tries_left() {
        assertThat(AttemptRules.exhausted(maxExceptions(10, 3), 2, 2, NOW)).isFalse();
        assertThat(AttemptRules.exhausted(maxExceptions(10, 3), 5, 3, NOW)).isTrue();
        assertThat(AttemptRules.exhausted(maxExceptions(0, 3), 5, 3, NOW))
                .as("with unlimited tries too")
                .isTrue();
    }

    @Test
    void max_exceptions_counts_exceptions_not_attempts() {
        // attempts that ended in a release request are not exceptions
        assertThat(AttemptRules.exhausted(maxExceptions(0, 2), 7, 1, NOW)).isFalse();
    }

    @Test
    void max_exceptions_applies_alongside_retry_until() {
        JobOptions options = new JobOptions(null, 2, null, null, NOW + 3600, null);
        assertThat(AttemptRules.exhausted(options, 4, 1, NOW)).isFalse();
        assertThat(AttemptRules.exhausted(options, 4, 2, NOW)).isTrue();
    }

    @Test
    void max_exceptions_of_zero_fails_at_the_first_exception_as_in_laravel() {
        // Laravel: if ($maxExceptions <= $cache->increment(...)) fail
        assertThat(AttemptRules.exhausted(maxExceptions(0, 0), 1, 1, NOW)).isTrue();
    }
}
