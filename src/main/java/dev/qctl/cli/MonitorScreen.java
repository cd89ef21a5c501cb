package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.WorkerInfo;
import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jline.terminal.Attributes;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;

/**
 * `qctl monitor --watch`: a full-screen view redrawn every second (queues, a throughput
 * sparkline, workers, latest failures) in the terminal's alternate screen, fitted to its size
 * as it changes, until {@code q} or Ctrl-C. A store error is shown on the screen and the view
 * keeps trying.
 */
final class MonitorScreen {
    private static final String BARS = "▁▂▃▄▅▆▇█";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final QueueBackend backend;
    private final List<String> queues;
    private final long max;
    private final Deque<Long> history = new ArrayDeque<>();
    private volatile boolean quit;

    MonitorScreen(QueueBackend backend, List<String> queues, long max) {
        this.backend = backend;
        this.queues = queues;
        this.max = max;
    }

    int run() throws IOException {
        try (org.jline.terminal.Terminal terminal =
                TerminalBuilder.builder().system(true).build()) {
            Attributes saved = terminal.enterRawMode();
            terminal.handle(org.jline.terminal.Terminal.Signal.INT, s -> quit = true);
            terminal.puts(InfoCmp.Capability.enter_ca_mode);
            terminal.puts(InfoCmp.Capability.cursor_invisible);
            Display display = new Display(terminal, true);
            NonBlockingReader reader = terminal.reader();
            try {
                while (!quit) {
                    display.resize(terminal.getHeight(), terminal.getWidth());
                    display.update(screen(terminal.getWidth(), terminal.getHeight()), -1);
                    terminal.flush();
                    long until = System.currentTimeMillis() + 1000;
                    while (!quit) {
                        long left = until - System.currentTimeMillis();
                        if (left <= 0) break;
                        int c = reader.read(left);
                        if (c == 'q' || c == 'Q' || c == 3 || c == NonBlockingReader.EOF) quit = true;
                    }
                }
            } finally {
                terminal.puts(InfoCmp.Capability.cursor_visible);
                terminal.puts(InfoCmp.Capability.exit_ca_mode);
                terminal.setAttributes(saved);
                terminal.flush();
            }
        }
        return ExitCodes.OK;
    }

    private List<AttributedString> screen(int width, int height) {
        List<String> lines = new ArrayList<>();
        String title = "qctl monitor  " + LocalTime.now().format(CLOCK) + "   q or Ctrl-C to quit";
        try {
            FleetView view = FleetView.read(backend, queues);
            history.addLast(view.throughput());
            while (history.size() > Math.max(10, width - 30)) history.removeFirst();
            lines.add(title + "   connection " + view.connection());
            lines.add("");
            lines.addAll(MonitorCommand.table(view, max).lines().toList());
            lines.add("");
            lines.add("Throughput " + view.throughput() + " jobs/min  " + sparkline());
            lines.add("");
            lines.add("Workers (" + view.workers().size() + ")");
            for (WorkerInfo w : view.workers()) {
                lines.add("  " + w.name() + "  " + w.host() + " pid " + w.pid() + "  " + String.join(",", w.queues())
                        + "  busy " + w.running().size() + "/" + w.concurrency() + "  processed " + w.processed()
                        + "  failed " + w.failed() + (w.stopping() ? "  stopping" : w.paused() ? "  paused" : ""));
                for (WorkerInfo.RunningJob j : w.running())
                    lines.add("      #" + j.id() + " " + j.name() + " on " + j.queue() + " for "
                            + (j.ageSeconds() + Math.max(0, view.storeNow() - w.lastSeen())) + "s");
            }
            lines.add("");
            lines.add("Latest failures");
            if (view.latestFailures().isEmpty()) lines.add("  none");
            for (FailedJob f : view.latestFailures())
                lines.add("  " + f.failedAt() + "  #" + f.id() + "  " + f.queue() + "  " + batchNote(f)
                        + dev.qctl.base.Text.firstLine(f.exception()));
        } catch (RuntimeException e) {
            lines.add(title);
            lines.add("");
            lines.add("store error: " + e.getMessage() + " (trying again every second)");
        }
        List<AttributedString> fitted = new ArrayList<>();
        for (String line : lines) {
            if (fitted.size() >= height) break;
            fitted.add(new AttributedString(line.length() > width ? line.substring(0, Math.max(0, width)) : line));
        }
        return fitted;
    }

    private String sparkline() {
        long top = history.stream().mapToLong(Long::longValue).max().orElse(0);
        StringBuilder s = new StringBuilder();
        for (long v : history) s.append(BARS.charAt(top == 0 ? 0 : (int) (v * (BARS.length() - 1) / top)));
        return s.toString();
    }

    /** "batch ID  " for a failed job of a batch (qctl's or Laravel's), else nothing. */
    private static String batchNote(FailedJob f) {
        String batch = dev.qctl.queue.Payload.batchIdOf(f.payload());
        return batch == null ? "" : "batch " + batch + "  ";
    }
}
