package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * qctl(1) and one page per command, from the picocli model: picocli's ManPageGenerator writes
 * AsciiDoc, the hand-written sections of man/src/sections.adoc and the exit codes of
 * {@link ExitCodes} are appended, and asciidoctorj renders roff. {@code main} rewrites man/
 * (scripts/regenerate-shipping-docs.sh runs it); ManPagesTest compares.
 */
final class ManPages {
    private ManPages() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "man");
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            for (Map.Entry<String, String> page : pages(asciidoctor).entrySet())
                Files.writeString(dir.resolve(page.getKey()), page.getValue());
        }
    }

    /** File name (qctl.1, qctl-work.1, …) to roff, for every command but the aliases. */
    static Map<String, String> pages(Asciidoctor asciidoctor) throws IOException {
        String sections = Files.readString(Path.of("man", "src", "sections.adoc"));
        sections = sections.substring(
                sections.indexOf("// tag::sections[]") + "// tag::sections[]".length(),
                sections.indexOf("// end::sections[]"));
        Map<String, String> pages = new LinkedHashMap<>();
        CommandLine cli = Main.commandLine();
        pages.put("qctl.1", render(asciidoctor, cli.getCommandSpec(), sections));
        for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
            CommandSpec spec = sub.getValue().getCommandSpec();
            if (!spec.name().equals(sub.getKey())) continue; // an alias: the command has its page
            if (spec.usageMessage().hidden()) continue; // for the completion scripts only
            pages.put("qctl-" + spec.name().replace(':', '-') + ".1", render(asciidoctor, spec, sections));
        }
        return pages;
    }

    private static String render(Asciidoctor asciidoctor, CommandSpec spec, String sections) {
        StringWriter adoc = new StringWriter();
        try (PrintWriter out = new PrintWriter(adoc)) {
            ManPageGenerator.writeSingleManPage(out, spec);
        }
        StringBuilder page = new StringBuilder(adoc.toString());
        if (spec.usageMessage().exitCodeList().isEmpty()) {
            page.append("\n// tag::picocli-generated-man-section-exit-status[]\n== Exit status\n\n");
            ExitCodes.table()
                    .forEach((code, meaning) -> page.append("*")
                            .append(code)
                            .append("*::\n  ")
                            .append(meaning)
                            .append("\n\n"));
        }
        page.append(sections);
        return asciidoctor.convert(
                page.toString(),
                Options.builder()
                        .backend("manpage")
                        .standalone(true)
                        .safe(SafeMode.SAFE)
                        // fixed, so a regeneration with nothing changed rewrites nothing
                        .attributes(Attributes.builder()
                                .attribute("docdate", "")
                                .attribute("reproducible", "")
                                .attribute("manmanual", "qctl Manual")
                                .attribute("mansource", "qctl")
                                .build())
                        .build());
    }
}
