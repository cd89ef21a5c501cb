package dev.qctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Sets aside the {@code dispatch --from} lines that carry an {@code "id"} or unique key. Each of
 * those needs a keyed push of its own (the lock and the job in one step), which cannot join the
 * single transaction the other lines share; so while the plain lines stream into the store, the
 * keyed ones are written to a temporary file, not kept in memory, and pushed one by one after.
 * A bad line anywhere still stops the read before any keyed line is pushed.
 */
final class KeyedLineSpool implements Iterator<PushRequest>, AutoCloseable {
    private final Iterator<PushRequest> lines;
    private PushRequest next;
    private Path file;
    private BufferedWriter writer;
    private long keyed;

    KeyedLineSpool(Iterator<PushRequest> lines) {
        this.lines = lines;
    }

    /** The next plain line; keyed lines met on the way are set aside. */
    @Override
    public boolean hasNext() {
        while (next == null && lines.hasNext()) {
            PushRequest r = lines.next();
            if (JobKeys.pushLockOf(r.payload()) == null) next = r;
            else setAside(r);
        }
        return next != null;
    }

    @Override
    public PushRequest next() {
        if (!hasNext()) throw new NoSuchElementException();
        PushRequest r = next;
        next = null;
        return r;
    }

    /** How many keyed lines were set aside. */
    long keyed() {
        return keyed;
    }

    /** The keyed lines, in file order; call once every plain line has been taken. */
    Iterator<PushRequest> keyedLines() {
        if (file == null) return java.util.Collections.emptyIterator();
        try {
            writer.close();
            BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            return new Iterator<>() {
                private String line = readLine(reader);

                @Override
                public boolean hasNext() {
                    return line != null;
                }

                @Override
                public PushRequest next() {
                    if (line == null) throw new NoSuchElementException();
                    JsonNode node = Json.parse(line, "spooled line");
                    line = readLine(reader);
                    if (line == null) close(reader);
                    return new PushRequest(
                            node.get("queue").asText(),
                            Payload.parse(node.get("payload").asText()),
                            Duration.ofMillis(node.get("delayMs").asLong()));
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void setAside(PushRequest r) {
        try {
            if (writer == null) {
                file = Files.createTempFile("qctl-dispatch-", ".jsonl");
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            }
            writer.write(Json.write(Json.MAPPER
                    .createObjectNode()
                    .put("queue", r.queue())
                    .put("delayMs", r.delay().toMillis())
                    .put("payload", r.payload().toJson())));
            writer.newLine();
            keyed++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // a read-only temporary file: nothing to lose
        }
    }

    @Override
    public void close() {
        if (file == null) return;
        try {
            writer.close();
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the temporary file is left behind; nothing else depends on it
        }
    }
}
