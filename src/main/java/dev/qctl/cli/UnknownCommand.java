package dev.qctl.cli;

import java.util.Collection;
import java.util.Optional;

/**
 * The line for a first argument that names no command: {@code unknown command 'wrok'; did you
 * mean 'work'?}. picocli's own suggestions compare letter pairs, which miss the commonest typo,
 * two swapped letters ("wrok" shares no pair with "work"), so the nearest name is found by edit
 * distance counting a swap as one edit (optimal string alignment).
 */
final class UnknownCommand {
    /** Farther than this, a suggestion is more likely to mislead than to help. */
    private static final int MAX_EDITS = 2;

    private UnknownCommand() {}

    /** The message for {@code typed}, given the command names and aliases there are. */
    static String message(String typed, Collection<String> names) {
        return "unknown command '" + typed + "'"
                + nearest(typed, names).map(n -> "; did you mean '" + n + "'?").orElse(" (see 'qctl --help')");
    }

    /** The name fewest edits away, if within {@link #MAX_EDITS}; the first listed wins a tie. */
    static Optional<String> nearest(String typed, Collection<String> names) {
        String best = null;
        int bestEdits = MAX_EDITS + 1;
        for (String name : names) {
            int edits = edits(typed, name);
            // "queue:wrok" is as far from queue:work as "wrok" from work, so aliases compete on equal terms
            if (edits < bestEdits) {
                best = name;
                bestEdits = edits;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Insertions, deletions, substitutions and swaps of two neighbouring letters that turn a into b. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
