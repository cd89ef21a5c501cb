package dev.qctl.cli;

import dev.qctl.base.UsageException;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets an option be a {@link Duration} typed as users type them: 30, 1.5, 500ms, 30s, 5m, 2h, 1d. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        try {
            return Durations.parse(text, "duration");
        } catch (UsageException e) {
            if (e.getMessage().endsWith("at most 3650d"))
                throw new TypeConversionException("'" + text + "' is too long a duration: at most 3650d");
            throw new TypeConversionException(
                    "'" + text + "' is not a duration: expected e.g. 30, 30s, 5m, 2h or 500ms");
        }
    }
}
