package dev.qctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.asciidoctor.Asciidoctor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The checked-in man/ pages are what the picocli model renders now: a command or option added
 * without running scripts/regenerate-shipping-docs.sh fails here.
 */
class ManPagesTest {
    private static Asciidoctor asciidoctor;

    @BeforeAll
    static void start() {
        asciidoctor = Asciidoctor.Factory.create();
    }

    @AfterAll
    static void stop() {
        asciidoctor.close();
    }

    @Test
    void checkedInPagesAreCurrent() throws IOException {
        Map<String, String> pages = ManPages.pages(asciidoctor);
        try (Stream<Path> files = Files.list(Path.of("man"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".1")))
                    .as("man/ holds a page per command and no stale one: run scripts/regenerate-shipping-docs.sh")
                    .containsExactlyInAnyOrderElementsOf(pages.keySet());
        }
        for (Map.Entry<String, String> page : pages.entrySet())
            assertThat(Files.readString(Path.of("man", page.getKey())))
                    .as("man/%s is stale: run scripts/regenerate-shipping-docs.sh", page.getKey())
                    .isEqualTo(page.getValue());
        assertThat(pages.get("qctl-work.1"))
                .contains("\\-\\-queue")
                .contains("EXIT STATUS")
                .contains("SIGNALS")
                .contains("ENVIRONMENT")
                .contains("FILES")
                .contains("EXAMPLES");
    }

    /** The comparison above can fail: one more option changes the rendered page. */
    @Test
    void anAddedOptionChangesThePage() throws IOException {
        CommandLine cli = Main.commandLine();
        cli.getSubcommands()
                .get("work")
                .getCommandSpec()
                .addOption(OptionSpec.builder("--not-regenerated")
                        .description("added by the test")
                        .build());
        java.io.StringWriter adoc = new java.io.StringWriter();
        try (java.io.PrintWriter out = new java.io.PrintWriter(adoc)) {
            picocli.codegen.docgen.manpage.ManPageGenerator.writeSingleManPage(
                    out, cli.getSubcommands().get("work").getCommandSpec());
        }
        assertThat(adoc.toString()).contains("--not-regenerated");
        assertThat(Files.readString(Path.of("man", "qctl-work.1"))).doesNotContain("not-regenerated");
    }
}
