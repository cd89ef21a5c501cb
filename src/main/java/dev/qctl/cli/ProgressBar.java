package dev.qctl.cli;

import java.io.PrintWriter;
import org.jline.terminal.TerminalBuilder;

/**
 * A one-line progress bar on stderr, drawn only when a person is watching a terminal, at most
 * ten times a second however often it is told. With no known total (a file on stdin) it shows
 * the count alone.
 */
final class ProgressBar implements AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final int barWidth;
    private final boolean enabled;
    private long lastDrawn = Long.MIN_VALUE;
    private long lastDone = -1;

    /** {@code total} below 0: unknown. */
    ProgressBar(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.enabled = total != 0 && total != 1 && Terminal.interactive();
        this.barWidth = enabled ? Math.max(10, Math.min(50, terminalWidth() - label.length() - 30)) : 0;
    }

    /** Whether anything is drawn: then the caller may also spend a little to learn the total. */
    static boolean wouldDraw() {
        return Terminal.interactive();
    }

    void update(long done) {
        if (!enabled || done == lastDone) return;
        long now = System.nanoTime();
        if (done != total && lastDrawn != Long.MIN_VALUE && now - lastDrawn < REDRAW_NANOS) return;
        lastDrawn = now;
        lastDone = done;
        if (total < 0) {
            err.print("\r" + label + " " + done + " jobs");
        } else {
            int filled = (int) (barWidth * Math.min(done, total) / total);
            err.print("\r" + label + " [" + "=".repeat(filled) + " ".repeat(barWidth - filled) + "] " + done + "/"
                    + total);
        }
        err.flush();
    }

    @Override
    public void close() {
        if (enabled && lastDone >= 0) err.println();
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
