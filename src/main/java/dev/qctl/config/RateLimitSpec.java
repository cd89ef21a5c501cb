package dev.qctl.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit from qctl.yml's {@code limits:} ({@code tax-api: 100/minute}): at most {@code max}
 * jobs of the handlers naming it start in any window of {@code period}, across all workers.
 */
public record RateLimitSpec(String name, int max, Duration period) {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d*)\\s*([a-z]+)\\s*");

    /**
     * Parses {@code N/second}, {@code N/minute}, {@code N/hour}, {@code N/day}, or a count of
     * units such as {@code N/10s}, {@code N/5m}; null if the text is none of these.
     */
    public static RateLimitSpec parse(String name, String text) {
        Matcher m = TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        long max = Long.parseLong(m.group(1));
        long count = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s", "sec", "second", "seconds" -> Duration.ofSeconds(1);
            case "m", "min", "minute", "minutes" -> Duration.ofMinutes(1);
            case "h", "hour", "hours" -> Duration.ofHours(1);
            case "d", "day", "days" -> Duration.ofDays(1);
            default -> null;
        };
        if (unit == null || max < 1 || max > 1_000_000 || count < 1 || count > 1_000_000) return null;
        return new RateLimitSpec(name, (int) max, unit.multipliedBy(count));
    }
}
