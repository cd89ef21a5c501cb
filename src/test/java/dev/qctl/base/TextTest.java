package dev.qctl.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void printableSpellsOutEveryControlCharacterAndKeepsTheRest() {
        assertThat(Text.printable("plain text, tabs\tand ünïcödé")).isEqualTo("plain text, tabs\tand ünïcödé");
        assertThat(Text.printable("a\nb\rc\u001b[31md\u0007e\u007ff\u009bg"))
                .isEqualTo("a\\nb\\rc\\e[31md\\x07e\\x7ff\\x9bg");
        assertThat(Text.printable(null)).isNull();
    }
}
