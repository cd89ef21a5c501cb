package dev.qctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The checked-in completion/ scripts are what the picocli model generates now: a command or
 * option added without running scripts/regenerate-shipping-docs.sh fails here.
 */
class CompletionFilesTest {
    @ParameterizedTest
    @EnumSource(CompletionCommand.Shell.class)
    void checkedInScriptIsCurrent(CompletionCommand.Shell shell) throws IOException {
        Path file = Path.of("completion", CompletionScripts.fileName(shell));
        assertThat(Files.readString(file))
                .as("%s is stale: run scripts/regenerate-shipping-docs.sh", file)
                .isEqualTo(CompletionScripts.script(shell));
    }

    /** The comparison above can fail: one more option changes the generated script. */
    @Test
    void anAddedOptionChangesTheScript() throws IOException {
        CommandLine cli = Main.commandLine();
        cli.getSubcommands()
                .get("work")
                .getCommandSpec()
                .addOption(OptionSpec.builder("--not-regenerated").build());
        assertThat(AutoComplete.bash("qctl", cli))
                .contains("--not-regenerated")
                .isNotEqualTo(Files.readString(Path.of("completion", "qctl")));
        assertThat(FishCompletion.script(cli))
                .contains("-l not-regenerated")
                .isNotEqualTo(Files.readString(Path.of("completion", "qctl.fish")));
    }

    @Test
    void everyCommandAndAliasIsInTheScript() {
        String script = CompletionScripts.script(CompletionCommand.Shell.bash);
        for (String name : QctlCommand.commandNames()) assertThat(script).contains(name);
        assertThat(script).contains("--queue");
    }
}
