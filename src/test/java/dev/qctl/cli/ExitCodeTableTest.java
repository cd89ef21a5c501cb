package dev.qctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.base.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exit codes are written once (ExitCodes); `qctl --help` and the README must say the same. */
class ExitCodeTableTest {
    private static final Pattern HELP_ROW = Pattern.compile("^\\s+(\\d+)\\s+(.*)$");
    private static final Pattern README_ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*(.*?)\\s*\\|$");

    @Test
    void helpListsEveryExitCodeOfTheTable() {
        Map<Integer, String> help = helpSection();
        assertThat(help).isEqualTo(ExitCodes.table());
    }

    @Test
    void readmeTableMatchesHelp() throws IOException {
        Map<Integer, String> readme = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf("### Exit status");
        assertThat(start).as("README has a '### Exit status' section").isNotNegative();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) break;
            Matcher m = README_ROW.matcher(line.strip());
            if (m.matches()) readme.put(Integer.parseInt(m.group(1)), m.group(2).replace("`", ""));
        }
        assertThat(readme).isEqualTo(helpSection());
    }

    /** The "Exit status:" section of `qctl --help`, wrapped lines joined again. */
    private static Map<Integer, String> helpSection() {
        StringWriter text = new StringWriter();
        var cli = Main.commandLine("--help");
        cli.setOut(new PrintWriter(text, true));
        assertThat(cli.execute("--help")).isEqualTo(ExitCodes.OK);
        List<String> lines = text.toString().lines().toList();
        Map<Integer, String> codes = new LinkedHashMap<>();
        Integer current = null;
        for (String line : lines.subList(lines.indexOf("Exit status:") + 1, lines.size())) {
            if (line.isBlank()) break;
            Matcher m = HELP_ROW.matcher(line);
            if (m.matches() && line.indexOf(m.group(1)) < 6) {
                current = Integer.parseInt(m.group(1));
                codes.put(current, m.group(2).strip());
            } else if (current != null) {
                codes.put(current, codes.get(current) + " " + line.strip());
            }
        }
        return codes;
    }
}
