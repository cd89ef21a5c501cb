package dev.qctl.cli;

import java.io.Console;

/** Whether a person is at a terminal (for prompts and progress bars), and the prompt itself. */
final class Terminal {
    private Terminal() {}

    static boolean interactive() {
        Console console = System.console();
        if (console == null) return false;
        try {
            // Java 22+ returns a Console even when redirected; isTerminal() tells the truth there.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a Console exists only for a terminal
        }
    }

    /**
     * Asks before a destructive action. Without a terminal the caller must pass --force,
     * so a script never deletes by accident.
     */
    static boolean confirm(String question, boolean force, String withForce) {
        if (force) return true;
        if (!interactive()) {
            throw new dev.qctl.base.UsageException(question.replaceFirst("\\?$", "")
                    + ": refusing without --force when not on a terminal; to go ahead, run: " + withForce);
        }
        String answer = System.console().readLine("%s [y/N] ", question);
        return answer != null && answer.trim().toLowerCase().startsWith("y");
    }
}
