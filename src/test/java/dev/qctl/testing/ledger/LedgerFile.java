package dev.qctl.testing.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of a fault run, kept in a file outside the store under test: the test appends a
 * line for each dispatch the store acknowledged and for each fault it injects, and each job
 * appends a line when it starts and when it finishes. Every writer opens the file with
 * O_APPEND and writes one whole line per write, so lines from many processes never interleave.
 *
 * <pre>
 * dispatched LEDGER_ID UUID
 * start LEDGER_ID ATTEMPT WORKER_PID EPOCH_SECONDS
 * finish LEDGER_ID ATTEMPT WORKER_PID EPOCH_SECONDS
 * fault NAME FROM_EPOCH_SECONDS TO_EPOCH_SECONDS
 * </pre>
 */
public final class LedgerFile {
    private final Path file;

    public LedgerFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The store acknowledged the job (the dispatch command exited 0 and printed its uuid). */
    public void dispatched(String ledgerId, String uuid) {
        append("dispatched " + ledgerId + " " + uuid);
    }

    /** A fault was in force from {@code fromMillis} to {@code toMillis} (epoch milliseconds). */
    public void fault(String name, long fromMillis, long toMillis) {
        append("fault " + name + " " + seconds(fromMillis) + " " + seconds(toMillis));
    }

    /**
     * A bash script for an exec job that records its start and finish here: its worker is its
     * parent ({@code $PPID}), the time comes from bash itself ({@code $EPOCHREALTIME}) so a job
     * costs no extra process. {@code middle} runs between the two lines.
     */
    public String jobScript(String ledgerId, String middle) {
        String target = " >> '" + file + "'";
        return "echo \"start " + ledgerId + " $QCTL_ATTEMPT $PPID $EPOCHREALTIME\"" + target + "; " + middle
                + "; echo \"finish " + ledgerId + " $QCTL_ATTEMPT $PPID $EPOCHREALTIME\"" + target;
    }

    /** Every line so far, parsed; a line a writer is halfway through is left for the next read. */
    public List<LedgerLine> lines() {
        String text;
        try {
            text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int complete = text.lastIndexOf('\n');
        List<LedgerLine> lines = new ArrayList<>();
        if (complete < 0) return lines;
        for (String line : text.substring(0, complete).split("\n"))
            if (!line.isBlank()) lines.add(LedgerLine.parse(line));
        return lines;
    }

    private void append(String line) {
        try {
            Files.writeString(
                    file,
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }
}
