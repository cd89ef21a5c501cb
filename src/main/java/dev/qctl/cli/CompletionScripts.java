package dev.qctl.cli;

import picocli.AutoComplete;

/**
 * The completion scripts, from the full picocli model (every command registered), so a new
 * command or option completes by construction. The checked-in copies under completion/ are
 * these bytes; {@code CompletionFilesTest} fails when they drift.
 */
final class CompletionScripts {
    private CompletionScripts() {}

    static String script(CompletionCommand.Shell shell) {
        String bash = AutoComplete.bash("qctl", Main.commandLine());
        return switch (shell) {
            case bash -> bash;
            // picocli's script detects zsh and loads bashcompinit itself; #compdef lets it live on $fpath
            case zsh -> "#compdef qctl\n" + bash;
        };
    }

    /** The file name each script is installed under. */
    static String fileName(CompletionCommand.Shell shell) {
        return switch (shell) {
            case bash -> "qctl";
            case zsh -> "_qctl";
        };
    }
}
