package dev.qctl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One output stream of a process, copied byte for byte to a file as it comes (so a failed
 * test can show it, and a test can read it at any moment) and split into lines for a test
 * that reacts to output as it is printed.
 */
final class CapturedOutput {
    private final Path file;
    private final List<String> lines = new ArrayList<>(); // guarded by itself
    private final Consumer<String> onLine;
    private final Thread pump;
    private volatile Throwable callbackFailure;

    CapturedOutput(InputStream from, Path file, Consumer<String> onLine, String threadName) throws IOException {
        this.file = file;
        this.onLine = onLine;
        OutputStream to = Files.newOutputStream(file); // unbuffered: what is read is in the file at once
        this.pump = Thread.ofPlatform().daemon().name(threadName).start(() -> copy(from, to));
    }

    Path file() {
        return file;
    }

    /** Everything printed so far, as printed. */
    String text() {
        return Qctl.read(file);
    }

    /** Every line printed so far, blank ones included. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits for the stream's end (the process has exited), then reports a line callback that threw. */
    void drain(long millis) throws InterruptedException {
        pump.join(millis);
        if (callbackFailure != null) throw new AssertionError("the line callback threw", callbackFailure);
    }

    private void copy(InputStream in, OutputStream out) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in;
                out) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n); // first the file, so a callback that reads it sees its line there
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                        continue;
                    }
                    emit(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }
            if (line.size() > 0) emit(line.toString(StandardCharsets.UTF_8));
        } catch (IOException ended) {
            // the process is gone and took its end of the pipe with it
        }
    }

    private void emit(String text) {
        synchronized (lines) {
            lines.add(text);
        }
        if (onLine == null) return;
        try {
            onLine.accept(text);
        } catch (RuntimeException | AssertionError e) {
            // keep draining: a pipe nobody reads would stall the process
            if (callbackFailure == null) callbackFailure = e;
        }
    }
}
