package dev.qctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A fish completion script from the picocli model (picocli writes bash only): the commands and
 * their aliases, each command's options with their fixed values, the subcommands of a group
 * such as {@code batches}, and qctl.yml's names after {@code --queue} and {@code -c}.
 */
final class FishCompletion {
    private FishCompletion() {}

    private static final String HEADER = """
            # fish completion for qctl, generated from its commands and options (qctl completion fish)
            function __qctl_config_names --description 'queue or connection names from qctl.yml'
                set -l words (commandline -opc)
                set -l config
                set -l at (contains -i -- --config $words)
                and set config --config $words[(math $at + 1)]
                $words[1] completion-candidates $argv[1] $config 2>/dev/null
            end
            complete -c qctl -f
            """;

    static String script(CommandLine root) {
        StringBuilder out = new StringBuilder(HEADER);
        options(out, root.getCommandSpec(), "__fish_use_subcommand");
        for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
            CommandSpec command = entry.getValue().getCommandSpec();
            if (command.usageMessage().hidden()) continue;
            line(out, "__fish_use_subcommand", "-a " + quote(entry.getKey()), summary(command));
            if (!command.name().equals(entry.getKey())) continue; // an alias: its command's entry has the options
            String names = String.join(" ", names(command));
            String seen = "__fish_seen_subcommand_from " + names;
            options(out, command, seen);
            for (Map.Entry<String, CommandLine> sub : command.subcommands().entrySet()) {
                line(
                        out,
                        seen,
                        "-a " + quote(sub.getKey()),
                        summary(sub.getValue().getCommandSpec()));
                options(
                        out,
                        sub.getValue().getCommandSpec(),
                        seen + "; and __fish_seen_subcommand_from " + sub.getKey());
            }
        }
        return out.toString();
    }

    private static List<String> names(CommandSpec command) {
        List<String> names = new ArrayList<>(List.of(command.name()));
        names.addAll(List.of(command.aliases()));
        return names;
    }

    private static void options(StringBuilder out, CommandSpec command, String condition) {
        for (PositionalParamSpec positional : command.positionalParameters()) {
            if (positional.hidden() || positional.completionCandidates() == null) continue;
            List<String> values = new ArrayList<>();
            positional.completionCandidates().forEach(values::add);
            line(out, condition, "-a " + quote(String.join(" ", values)), "");
        }
        for (OptionSpec option : command.options()) {
            if (option.hidden()) continue;
            StringBuilder flags = new StringBuilder();
            for (String name : option.names()) {
                if (name.startsWith("--")) flags.append(" -l ").append(name.substring(2));
                else if (name.length() == 2) flags.append(" -s ").append(name.substring(1));
                else flags.append(" -o ").append(name.substring(1));
            }
            // an argument: files only where a file is asked for (-r -F), else none (-x)
            if (option.arity().max() > 0)
                flags.append(option.paramLabel().matches(".*(FILE|PATH|DIR|JAR).*") ? " -r -F" : " -x");
            if (option.longestName().equals("--queue")) flags.append(" -a '(__qctl_config_names queues)'");
            else if (option.longestName().equals("--connection"))
                flags.append(" -a '(__qctl_config_names connections)'");
            else if (option.completionCandidates() != null) {
                List<String> values = new ArrayList<>();
                option.completionCandidates().forEach(values::add);
                flags.append(" -a ").append(quote(String.join(" ", values)));
            }
            String[] description = option.description();
            line(out, condition, flags.substring(1), description.length == 0 ? "" : description[0]);
        }
    }

    private static String summary(CommandSpec command) {
        String[] description = command.usageMessage().description();
        return description.length == 0 ? "" : description[0];
    }

    private static void line(StringBuilder out, String condition, String what, String description) {
        out.append("complete -c qctl -n ").append(quote(condition)).append(' ').append(what);
        String text = firstSentence(description);
        if (!text.isEmpty()) out.append(" -d ").append(quote(text));
        out.append('\n');
    }

    /** Up to the first ". " or "(": fish shows descriptions in one short column. */
    private static String firstSentence(String text) {
        String plain = text.replaceAll("\\$\\{[A-Z-]+}", "").strip();
        int end = plain.length();
        for (String stop : new String[] {". ", " (", ": "}) {
            int at = plain.indexOf(stop);
            while (at > 0 && stop.equals(". ") && (plain.startsWith("e.g", at - 3) || plain.startsWith("i.e", at - 3)))
                at = plain.indexOf(stop, at + 1);
            if (at > 0) end = Math.min(end, at);
        }
        if (plain.substring(0, end).endsWith(", e.g.")) end -= ", e.g.".length();
        String cut = plain.substring(0, end);
        return cut.endsWith(".") ? cut.substring(0, cut.length() - 1) : cut;
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
