package dev.qctl.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Locale;
import java.util.Map;

/**
 * Cron expressions as qctl.yml takes them, parsed by cron-utils: 5 fields (Unix cron), 6 with a
 * leading seconds field, or a nickname ({@code @hourly}, {@code @daily}, …), which is only
 * shorthand for its 5-field text.
 */
public final class CronText {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronDefinition WITH_SECONDS = CronDefinitionBuilder.defineCron()
            .withSeconds()
            .withValidRange(0, 59)
            .withStrictRange()
            .and()
            .withMinutes()
            .withValidRange(0, 59)
            .withStrictRange()
            .and()
            .withHours()
            .withValidRange(0, 23)
            .withStrictRange()
            .and()
            .withDayOfMonth()
            .withValidRange(1, 31)
            .withStrictRange()
            .and()
            .withMonth()
            .withValidRange(1, 12)
            .withStrictRange()
            .and()
            .withDayOfWeek()
            .withValidRange(0, 7)
            .withMondayDoWValue(1)
            .withIntMapping(7, 0)
            .withStrictRange()
            .and()
            .instance();
    private static final CronParser SECONDS = new CronParser(WITH_SECONDS);

    /** cron's nicknames, as the 5-field expressions they stand for. */
    public static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private CronText() {}

    /** Parses {@code text}; a bad expression throws IllegalArgumentException with cron-utils' reason. */
    public static Cron parse(String text) {
        String t = text.strip();
        if (t.startsWith("@")) {
            String expanded = NICKNAMES.get(t.toLowerCase(Locale.ROOT));
            if (expanded == null)
                throw new IllegalArgumentException("unknown nickname " + t + " (known: @yearly, @annually, @monthly,"
                        + " @weekly, @daily, @midnight, @hourly)");
            t = expanded;
        }
        int fields = t.split("\\s+").length;
        try {
            if (fields == 6) return SECONDS.parse(t).validate();
            if (fields == 5) return UNIX.parse(t).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad cron expression '" + text + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(
                "bad cron expression '" + text + "': " + fields + " fields, expected 5 (or 6 with seconds first)");
    }

    /** Whether the expression has a seconds field. */
    public static boolean hasSeconds(Cron cron) {
        return cron.getCronDefinition() == WITH_SECONDS;
    }
}
