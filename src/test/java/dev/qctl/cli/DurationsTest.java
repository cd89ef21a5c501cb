package dev.qctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.base.UsageException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Durations as people type them on the command line (--sleep, --max-time, …). */
class DurationsTest {

    @Test
    void a_bare_number_is_seconds_as_in_artisan() {
        assertThat(Durations.parse("30", "--sleep")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("0", "--sleep")).isZero();
    }

    @Test
    void fractions_of_a_second_are_kept_to_the_millisecond() {
        assertThat(Durations.parse("1.5", "--sleep")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("0.25s", "--sleep")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("0.0005", "--sleep")).isEqualTo(Duration.ofMillis(1)); // rounded, not dropped
    }

    @Test
    void each_unit_means_what_it_says() {
        assertThat(Durations.parse("500ms", "--rest")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s", "--rest")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m", "--max-time")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h", "--max-time")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d", "--max-time")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("1.5h", "--max-time")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void surrounding_blanks_are_ignored() {
        assertThat(Durations.parse(" 5m ", "--max-time")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anything_else_is_a_usage_error_naming_the_option() {
        for (String bad : Arrays.asList("", null, "-1", "5x", "1.5.2", "s", "5 m", "5M", "1e3", ".5", "ten")) {
            assertThatThrownBy(() -> Durations.parse(bad, "--sleep"))
                    .as("'%s'", bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("invalid --sleep '" + bad + "'");
        }
    }

    @Test
    void units_are_not_mixed() {
        for (String bad : List.of("1h30m", "1m30s")) {
            assertThatThrownBy(() -> Durations.parse(bad, "--max-time")).isInstanceOf(UsageException.class);
        }
    }
}
