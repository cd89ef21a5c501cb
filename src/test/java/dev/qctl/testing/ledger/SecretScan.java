package dev.qctl.testing.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Looks for secrets in everything the processes of a run printed (the harness keeps each stream in a file). */
public final class SecretScan {
    private SecretScan() {}

    /** "FILE: SECRET" for each captured output file under {@code dir} that contains a secret. */
    public static List<String> capturedOutput(Path dir, List<String> secrets) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> isCapturedOutput(p.getFileName().toString()))
                    .toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                for (String s : secrets) if (text.contains(s)) found.add(dir.relativize(f) + ": " + s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static boolean isCapturedOutput(String name) {
        return name.startsWith("qctl-") && (name.endsWith(".out") || name.endsWith(".err"));
    }
}
