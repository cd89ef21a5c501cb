package dev.qctl.cli;

import dev.qctl.base.UsageException;
import dev.qctl.queue.InvalidPayloadException;
import dev.qctl.queue.PushRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The jobs of a `dispatch --from` file, read one line at a time as the store takes them, so a
 * million-line file is never held in memory. A bad line (or bytes that are not UTF-8) stops the
 * read with a one-line error naming the line; the store's push then leaves nothing behind.
 */
final class JobLines implements Iterator<PushRequest> {
    private final BufferedReader reader;
    private final String source;
    private final Function<String, PushRequest> parse;
    private PushRequest next;
    private int lineNumber;
    private int jobs;

    JobLines(BufferedReader reader, String source, Function<String, PushRequest> parse) {
        this.reader = reader;
        this.source = source;
        this.parse = parse;
    }

    @Override
    public boolean hasNext() {
        if (next == null) next = readNext();
        return next != null;
    }

    @Override
    public PushRequest next() {
        if (!hasNext()) throw new NoSuchElementException();
        PushRequest result = next;
        next = null;
        jobs++;
        return result;
    }

    private PushRequest readNext() {
        String line;
        while ((line = readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) continue;
            try {
                return parse.apply(line);
            } catch (InvalidPayloadException | UsageException e) {
                throw new UsageException(
                        source + ":" + lineNumber + ": " + e.getMessage() + " (nothing was dispatched)");
            }
        }
        if (jobs == 0) throw new UsageException(source + " holds no jobs");
        return null;
    }

    private String readLine() {
        try {
            return reader.readLine();
        } catch (CharacterCodingException e) {
            throw new UsageException(source + ":" + (lineNumber + 1) + ": not UTF-8 text (nothing was dispatched)");
        } catch (IOException e) {
            if (lineNumber == 0) throw new UsageException("cannot read " + source + ": " + reason(e));
            throw new UncheckedIOException(e);
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.toLowerCase(java.util.Locale.ROOT);
    }
}
