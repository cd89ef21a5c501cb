package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print the shell completion script for bash, zsh or fish, generated from qctl's own commands and options.",
            "bash: source <(qctl completion bash); zsh: qctl completion zsh > \"${fpath[1]}/_qctl\";",
            "fish: qctl completion fish > ~/.config/fish/completions/qctl.fish."
        })
final class CompletionCommand extends Subcommand {
    /** bash and zsh get picocli's AutoComplete script (zsh runs it through bashcompinit); fish its own. */
    enum Shell {
        bash,
        zsh,
        fish
    }

    @Parameters(index = "0", paramLabel = "bash|zsh|fish", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        out().print(CompletionScripts.script(shell));
        out().flush();
        return ExitCodes.OK;
    }
}
