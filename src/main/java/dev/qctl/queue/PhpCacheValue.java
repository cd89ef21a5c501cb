package dev.qctl.queue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Laravel cache values for the restart signal: PHP's {@code serialize()} of an int
 * ({@code i:1733224000;}) in a database store (base64 on PostgreSQL when it holds a NUL byte),
 * a bare number in a Redis store.
 */
public final class PhpCacheValue {
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern SERIALIZED =
            Pattern.compile("(?:i:(-?\\d{1,18})|d:(-?\\d{1,18})(?:\\.0*)?|s:\\d+:\"(-?\\d{1,18})\");");

    private PhpCacheValue() {}

    /** PHP's {@code serialize($signal)}, as Laravel's database store writes an int. */
    public static String serialized(long signal) {
        return "i:" + signal + ";";
    }

    /**
     * The signal a stored value holds. A value that is not a number in any of Laravel's forms
     * still yields a number that changes when the value does, since a change is what counts.
     */
    public static long read(String value) {
        if (value == null) return 0;
        String text = value.strip();
        if (NUMBER.matcher(text).matches()) return Long.parseLong(text);
        Matcher m = SERIALIZED.matcher(text);
        if (!m.matches() && text.indexOf(':') < 0 && text.indexOf(';') < 0) m = SERIALIZED.matcher(unbase64(text));
        if (m.matches()) {
            for (int g = 1; g <= 3; g++) if (m.group(g) != null) return Long.parseLong(m.group(g));
        }
        return text.hashCode() | 1L << 62;
    }

    private static String unbase64(String text) {
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
