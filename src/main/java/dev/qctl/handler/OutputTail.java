package dev.qctl.handler;

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

    /** Starts copying {@code from} to {@code to} on a virtual thread. */
    Thread pump(InputStream from, OutputStream to) {
        return Thread.ofVirtual().name("qctl-output").start(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                int n;
                while ((n = from.read(buffer)) > 0) {
                    keep(buffer, n);
                    if (to != null) {
                        synchronized (to) {
                            to.write(buffer, 0, n);
                            to.flush();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child is gone; what we have is the tail
            }
        });
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
