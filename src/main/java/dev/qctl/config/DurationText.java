package dev.qctl.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as qctl.yml writes them: seconds ({@code 90}) or {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. */
final class DurationText {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

    private DurationText() {}

    /** The duration {@code text} names, or null if it is none of these forms. */
    static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
