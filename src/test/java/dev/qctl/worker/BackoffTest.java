package dev.qctl.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.base.UsageException;
import dev.qctl.config.ConfigException;
import dev.qctl.config.ConfigLoader;
import dev.qctl.config.QctlConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Laravel's Worker::calculateBackoff, and the one grammar for backoff lists people type. */
class BackoffTest {

    // ---- the delay after a failed attempt -----------------------------------------------

    @Test
    void each_attempt_takes_its_own_entry() {
        assertThat(Backoff.after("1,5,10", 1)).hasSeconds(1);
        assertThat(Backoff.after("1,5,10", 2)).hasSeconds(5);
        assertThat(Backoff.after("1,5,10", 3)).hasSeconds(10);
    }

    @Test
    void last_value_repeats_past_the_end_of_the_list() {
        assertThat(Backoff.after("1,5,10", 4)).hasSeconds(10);
        assertThat(Backoff.after("1,5,10", 400)).hasSeconds(10);
    }

    @Test
    void a_single_value_applies_to_every_attempt() {
        assertThat(Backoff.after("30", 1)).hasSeconds(30);
        assertThat(Backoff.after("30", 9)).hasSeconds(30);
    }

    @Test
    void no_backoff_means_no_wait() {
        assertThat(Backoff.after(null, 1)).isZero();
        assertThat(Backoff.after("", 2)).isZero();
        assertThat(Backoff.after("  ", 2)).isZero();
    }

    @Test
    void blanks_around_entries_are_ignored() {
        assertThat(Backoff.after(" 3 , 7 ", 2)).hasSeconds(7);
    }

    @Test
    void malformed_payload_entries_retry_at_once_instead_of_failing() {
        // a payload written by another program: the job is still retried, just without waiting
        assertThat(Backoff.after("abc", 1)).isZero();
        assertThat(Backoff.after("5,x,20", 2)).isZero();
        assertThat(Backoff.after("5,x,20", 3)).hasSeconds(20);
        assertThat(Backoff.after("-5", 1)).isZero();
        assertThat(Backoff.after("99999999999999999999", 1)).isZero();
    }

    @Test
    void an_attempt_number_below_one_takes_the_first_entry() {
        assertThat(Backoff.after("4,8", 0)).hasSeconds(4);
    }

    // ---- checking a list someone typed --------------------------------------------------

    @Test
    void valid_lists_are_returned_without_blanks() {
        assertThat(Backoff.validate("10")).isEqualTo("10");
        assertThat(Backoff.validate("10, 60 ,300")).isEqualTo("10,60,300");
        assertThat(Backoff.validate(" 0 ")).isEqualTo("0");
        assertThat(Backoff.validate(null)).isNull();
    }

    @Test
    void malformed_lists_are_usage_errors() {
        for (String bad : List.of("", "abc", "10,", ",10", "10,,20", "-5", "1.5", "10s", "10 20")) {
            assertThatThrownBy(() -> Backoff.validate(bad))
                    .as("'%s'", bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("invalid backoff '" + bad + "'");
        }
    }

    @Test
    void qctl_yml_accepts_and_rejects_the_same_lists_as_the_flag() {
        ConfigLoader loader = new ConfigLoader(name -> null);
        for (String good : List.of("10", "10, 60 ,300", "0")) {
            QctlConfig config = loader.parse(Path.of("/srv/qctl.yml"), "defaults: {backoff: \"" + good + "\"}\n");
            assertThat(config.defaults().backoff()).isEqualTo(Backoff.validate(good));
        }
        for (String bad : List.of("abc", "10,", "-5", "1.5", "10 20")) {
            assertThatThrownBy(() -> loader.parse(Path.of("/srv/qctl.yml"), "defaults: {backoff: \"" + bad + "\"}\n"))
                    .as("'%s'", bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("defaults.backoff: must be seconds");
        }
        QctlConfig list = loader.parse(Path.of("/srv/qctl.yml"), "defaults: {backoff: [10, 60, 300]}\n");
        assertThat(list.defaults().backoff()).isEqualTo("10,60,300");
        assertThat(Backoff.after(list.defaults().backoff(), 2)).isEqualTo(Duration.ofSeconds(60));
    }
}
