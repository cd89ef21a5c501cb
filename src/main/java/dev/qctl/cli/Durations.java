package dev.qctl.cli;

import dev.qctl.base.UsageException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as users type them: {@code 30} (seconds), {@code 1.5}, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

    /** Longer than any delay, timeout or sleep means anything for; beyond it the arithmetic would overflow. */
    static final Duration LONGEST = Duration.ofDays(3650);

    private Durations() {}

    static Duration parse(String text, String option) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new UsageException("invalid " + option + " '" + text + "': expected e.g. 30, 30s, 5m, 2h or 500ms");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            case "d" -> amount * 86_400_000;
            default -> amount * 1000;
        };
        if (millis > LONGEST.toMillis()) {
            throw new UsageException("invalid " + option + " '" + text + "': at most 3650d");
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
