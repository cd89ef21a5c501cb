package dev.qctl.cli;

import picocli.AutoComplete;

/**
 * The completion scripts, from the full picocli model (every command registered), so a new
 * command or option completes by construction. The checked-in copies under completion/ are
 * these bytes; {@code CompletionFilesTest} fails when they drift.
 */
final class CompletionScripts {
    private CompletionScripts() {}

    /**
     * Appended to picocli's script: after {@code --queue} and {@code -c/--connection} it offers
     * the names in qctl.yml (asked of the qctl being completed, honouring {@code --config}; after
     * {@code --queue a,} the rest of a list), else it hands over to picocli's function.
     */
    private static final String CONFIG_NAMES = """

            # qctl.yml's queue and connection names (qctl completion-candidates), else picocli's completion
            function _complete_qctl_with_config_names() {
              local curr_word=${COMP_WORDS[COMP_CWORD]} prev_word=${COMP_WORDS[COMP_CWORD-1]} kind=
              case "${prev_word}" in
                --queue) kind=queues ;;
                -c|--connection) kind=connections ;;
                *) _complete_qctl "$@"; return $? ;;
              esac
              local config=() i
              for ((i = 1; i < COMP_CWORD; i++)); do
                [[ "${COMP_WORDS[i]}" == --config ]] && config=(--config "${COMP_WORDS[i+1]}")
              done
              local head=
              [[ "${kind}" == queues && "${curr_word}" == *,* ]] && head="${curr_word%,*},"
              local names
              names=$("${COMP_WORDS[0]}" completion-candidates "${kind}" "${config[@]}" 2>/dev/null) || return 0
              local IFS=$'\\n'
              COMPREPLY=( $(compgen -P "${head}" -W "${names}" -- "${curr_word#"${head}"}") )
            }
            complete -F _complete_qctl_with_config_names -o default qctl qctl.sh qctl.bash
            """;

    static String script(CompletionCommand.Shell shell) {
        String bash = AutoComplete.bash("qctl", Main.commandLine()) + CONFIG_NAMES;
        return switch (shell) {
            case bash -> bash;
            // picocli's script detects zsh and loads bashcompinit itself; #compdef lets it live on $fpath
            case zsh -> "#compdef qctl\n" + bash;
            case fish -> FishCompletion.script(Main.commandLine());
        };
    }

    /** The file name each script is installed under. */
    static String fileName(CompletionCommand.Shell shell) {
        return switch (shell) {
            case bash -> "qctl";
            case zsh -> "_qctl";
            case fish -> "qctl.fish";
        };
    }
}
