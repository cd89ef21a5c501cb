package dev.qctl.cli;

import java.io.PrintWriter;
import org.jline.terminal.TerminalBuilder;

/** A one-line progress bar on stderr, drawn only when a person is watching a terminal. */
final class ProgressBar implements AutoCloseable {
    private final PrintWriter err;
    private final String label;
    private final int total;
    private final int barWidth;
    private final boolean enabled;

    ProgressBar(PrintWriter err, String label, int total) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.enabled = total > 1 && Terminal.interactive();
        this.barWidth = enabled ? Math.max(10, Math.min(50, terminalWidth() - label.length() - 30)) : 0;
    }

    void update(int done) {
        if (!enabled) return;
        int filled = (int) ((long) barWidth * done / total);
        err.print("\r" + label + " [" + "=".repeat(filled) + " ".repeat(barWidth - filled) + "] " + done + "/" + total);
        err.flush();
    }

    @Override
    public void close() {
        if (enabled) err.println();
    }

    private static int terminalWidth() {
        try (var terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            int width = terminal.getWidth();
            return width > 0 ? width : 80;
        } catch (Exception e) {
            return 80;
        }
    }
}
