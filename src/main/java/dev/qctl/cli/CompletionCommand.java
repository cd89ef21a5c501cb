package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print the shell completion script for bash or zsh, generated from qctl's own commands and options.",
            "bash: source <(qctl completion bash); zsh: qctl completion zsh > \"${fpath[1]}/_qctl\"."
        })
final class CompletionCommand extends Subcommand {
    /** The shells picocli's AutoComplete script serves: zsh runs it through bashcompinit. */
    enum Shell {
        bash,
        zsh
    }

    @Parameters(index = "0", paramLabel = "bash|zsh", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        out().print(CompletionScripts.script(shell));
        out().flush();
        return ExitCodes.OK;
    }
}
