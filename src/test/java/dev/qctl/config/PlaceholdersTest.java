package dev.qctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code {name}} templates in handler argv, URLs, headers and JSON bodies. */
class PlaceholdersTest {
    private final JsonNode data = Json.parse("""
            {"taxpayer": "42; rm -rf /", "n": 7, "ok": true, "nothing": null,
             "user": {"id": 9, "name": "Ann"}, "tags": ["a", "b"]}""", "data");

    private String fill(String template) {
        return Placeholders.fill(template, data, UnaryOperator.identity());
    }

    @Test
    void each_placeholder_is_replaced_by_its_value_as_text() {
        assertThat(fill("--id={taxpayer}")).isEqualTo("--id=42; rm -rf /");
        assertThat(fill("{n}/{ok}")).isEqualTo("7/true");
        assertThat(fill("no placeholders")).isEqualTo("no placeholders");
    }

    @Test
    void dotted_names_read_nested_fields() {
        assertThat(fill("{user.name}#{user.id}")).isEqualTo("Ann#9");
    }

    @Test
    void blanks_inside_the_braces_are_ignored() {
        assertThat(fill("{ user.name }")).isEqualTo("Ann");
    }

    @Test
    void doubled_braces_are_literal_braces() {
        assertThat(fill("{{n}} is {n}")).isEqualTo("{n} is 7");
        assertThat(fill("}}{{")).isEqualTo("}{");
    }

    @Test
    void encode_applies_to_values_only_never_to_the_template() {
        String url = Placeholders.fill("https://x/t/{user.name}?q={n}", data, v -> "<" + v + ">");
        assertThat(url).isEqualTo("https://x/t/<Ann>?q=<7>");
    }

    @Test
    void a_missing_or_null_value_is_an_error_naming_the_placeholder() {
        assertThatThrownBy(() -> fill("{missing}"))
                .isInstanceOf(Placeholders.MissingValueException.class)
                .hasMessage("data has no value for {missing}");
        assertThatThrownBy(() -> fill("{nothing}")).hasMessage("data has no value for {nothing}");
        assertThatThrownBy(() -> fill("{user.email}")).hasMessage("data has no value for {user.email}");
        assertThatThrownBy(() -> fill("{n.deeper}")).hasMessage("data has no value for {n.deeper}");
    }

    @Test
    void a_list_or_object_cannot_become_text() {
        assertThatThrownBy(() -> fill("{tags}"))
                .isInstanceOf(Placeholders.MissingValueException.class)
                .hasMessage("{tags} must be a string or number, not a list");
        assertThatThrownBy(() -> fill("{user}")).hasMessage("{user} must be a string or number, not an object");
    }

    @Test
    void malformed_templates_are_rejected() {
        assertThatThrownBy(() -> Placeholders.names("{open"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed '{'");
        assertThatThrownBy(() -> Placeholders.names("close}")).hasMessageContaining("stray '}'");
        for (String bad : List.of("{}", "{1abc}", "{a b}", "{a..b}", "{a.}", "{.a}", "{$x}")) {
            assertThatThrownBy(() -> Placeholders.names(bad)).as(bad).hasMessageStartingWith("bad placeholder");
        }
    }

    @Test
    void names_lists_every_placeholder_in_order() {
        assertThat(Placeholders.names("{a}-{b.c}-{{lit}}-{ a }")).containsExactly("a", "b.c", "a");
        assertThat(Placeholders.names("plain")).isEmpty();
    }

    // ---- a template that is exactly one placeholder (typed values in JSON bodies) -------

    @Test
    void sole_name_finds_a_template_that_is_exactly_one_placeholder() {
        assertThat(Placeholders.soleName("{user.id}")).isEqualTo("user.id");
        assertThat(Placeholders.soleName("{ n }")).isEqualTo("n");
    }

    @Test
    void sole_name_is_null_for_anything_more_or_less() {
        for (String other : List.of("id {n}", "{n} ", "{a}{b}", "{{n}}", "{n}}", "{}", "n", "", "{a..b}", "{1x}")) {
            assertThat(Placeholders.soleName(other)).as("'%s'", other).isNull();
        }
    }

    @Test
    void node_gives_the_value_as_it_is() {
        assertThat(Placeholders.node(data, "tags")).isEqualTo(data.get("tags"));
        assertThat(Placeholders.node(data, "user.id").isInt()).isTrue();
        assertThat(Placeholders.node(data, "nothing").isNull())
                .as("a JSON null is a value here")
                .isTrue();
        assertThatThrownBy(() -> Placeholders.node(data, "user.email"))
                .isInstanceOf(Placeholders.MissingValueException.class)
                .hasMessage("data has no value for {user.email}");
    }
}
