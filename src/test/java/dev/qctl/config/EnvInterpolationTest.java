package dev.qctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${VAR}} and {@code ${VAR:-default}} in qctl.yml values. */
class EnvInterpolationTest {
    private final Map<String, String> env = Map.of("HOST", "db.internal", "EMPTY", "", "ODD", "p@ss$1\\x");
    private final EnvInterpolation interpolation = new EnvInterpolation(env::get);

    @Test
    void a_variable_is_replaced_by_its_value() {
        assertThat(interpolation.apply("postgres://${HOST}:5432/app")).isEqualTo("postgres://db.internal:5432/app");
    }

    @Test
    void a_default_applies_when_the_variable_is_unset_or_empty() {
        assertThat(interpolation.apply("${PORT:-5432}")).isEqualTo("5432");
        assertThat(interpolation.apply("${EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(interpolation.apply("${HOST:-fallback}")).isEqualTo("db.internal");
        assertThat(interpolation.apply("[${PORT:-}]")).isEqualTo("[]");
    }

    @Test
    void an_empty_variable_without_a_default_stays_empty() {
        assertThat(interpolation.apply("[${EMPTY}]")).isEqualTo("[]");
    }

    @Test
    void an_unset_variable_without_a_default_is_an_error_naming_it() {
        assertThatThrownBy(() -> interpolation.apply("pass=${DB_PASSWORD}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("environment variable DB_PASSWORD is not set");
    }

    @Test
    void values_are_inserted_verbatim() {
        assertThat(interpolation.apply("${ODD}")).isEqualTo("p@ss$1\\x");
        assertThat(interpolation.apply("${NOPE:-a$b}")).isEqualTo("a$b");
    }

    @Test
    void a_doubled_dollar_is_a_literal_dollar() {
        assertThat(interpolation.apply("cost $$5")).isEqualTo("cost $5");
        assertThat(interpolation.apply("$${HOST}")).as("escapes a reference").isEqualTo("${HOST}");
    }

    @Test
    void a_lone_dollar_is_left_alone() {
        assertThat(interpolation.apply("pa$word $")).isEqualTo("pa$word $");
        assertThat(interpolation.apply("no references")).isEqualTo("no references");
    }

    @Test
    void a_malformed_reference_is_an_error() {
        for (String bad : List.of("${HOST", "${1X}", "${}", "${HO ST}", "${HOST:5432}")) {
            assertThatThrownBy(() -> interpolation.apply(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("malformed ${");
        }
    }
}
