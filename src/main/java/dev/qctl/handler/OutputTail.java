package dev.qctl.handler;

import dev.qctl.base.Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a child's output stream to one of ours while keeping its last few KiB, so a failed
 * command's exception text can end with what it printed last.
 */
final class OutputTail {
    private final byte[] ring;
    private long written;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    /**
     * Starts copying {@code from} to {@code to} on a virtual thread, line by line, each line after
     * {@code prefix} and with its control characters spelled out: a job's output is the job's
     * to choose, and it must not pass for the worker's own lines or drive the terminal.
     */
    Thread pump(InputStream from, OutputStream to, String prefix) {
        return Thread.ofVirtual().name("qctl-output").start(() -> {
            byte[] buffer = new byte[8192];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (from) {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    keep(buffer, n);
                    if (to == null) continue;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            emit(line, to, prefix);
                        } else {
                            line.write(buffer[i]);
                            if (line.size() >= MAX_LINE) emit(line, to, prefix);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child is gone; what we have is the tail
            }
            if (to != null && line.size() > 0) emit(line, to, prefix);
        });
    }

    /** Longer lines are cut into pieces of this many bytes (a job printing one endless line still shows). */
    private static final int MAX_LINE = 8192;

    private static void emit(ByteArrayOutputStream line, OutputStream to, String prefix) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        byte[] out = (prefix + Text.printable(text) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (to) {
                to.write(out);
                to.flush();
            }
        } catch (IOException ignored) {
            // our own stderr is gone; the job runs on
        }
    }

    private synchronized void keep(byte[] buffer, int n) {
        for (int i = 0; i < n; i++) ring[(int) (written++ % ring.length)] = buffer[i];
    }

    /** The last bytes seen, as text, trimmed. */
    synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        long start = written - size;
        for (int i = 0; i < size; i++) out[i] = ring[(int) ((start + i) % ring.length)];
        return new String(out, StandardCharsets.UTF_8).strip();
    }
}
