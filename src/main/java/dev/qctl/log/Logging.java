package dev.qctl.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * How qctl logs: what HikariCP, Lettuce, the JDBC drivers and qctl's own warnings say, one line
 * per event on stderr (stdout carries job lines and command output), at WARN and above unless
 * told otherwise, as text or as one JSON object per line, with every URL password masked.
 *
 * <p>Settings come from the global options {@code --log-format} and {@code --log-level}, else
 * {@code $QCTL_LOG_FORMAT} and {@code $QCTL_LOG_LEVEL}. Logback starts on the first logger a
 * library asks for, which {@link LogConfigurator} (found through ServiceLoader, so no XML is
 * parsed) sets up from these settings; a setting made after that reconfigures it.
 */
public final class Logging {
    /** How each event is written. */
    public enum Format {
        TEXT,
        JSON
    }

    /** The least severe events written. */
    public enum Threshold {
        TRACE(Level.TRACE, java.util.logging.Level.ALL),
        DEBUG(Level.DEBUG, java.util.logging.Level.FINE),
        INFO(Level.INFO, java.util.logging.Level.INFO),
        WARN(Level.WARN, java.util.logging.Level.WARNING),
        ERROR(Level.ERROR, java.util.logging.Level.SEVERE),
        OFF(Level.OFF, java.util.logging.Level.OFF);

        final Level logback;
        final java.util.logging.Level jul;

        Threshold(Level logback, java.util.logging.Level jul) {
            this.logback = logback;
            this.jul = jul;
        }
    }

    private static final String APPENDER = "stderr";

    private static volatile Format format;
    private static volatile Threshold threshold;
    /** Worker lines start with the time, as the worker's own lines do; other commands' with "qctl:". */
    private static volatile boolean timestamps;
    /** The context {@link LogConfigurator} set up, once logback has started. */
    private static volatile LoggerContext context;

    private static boolean badLevelReported;

    private Logging() {}

    /** {@code --log-format}: wins over $QCTL_LOG_FORMAT and over what a command implies. */
    public static synchronized void format(Format chosen) {
        if (chosen == null) return;
        format = chosen;
        reconfigure();
    }

    /** {@code --log-level}: wins over $QCTL_LOG_LEVEL. */
    public static synchronized void threshold(Threshold chosen) {
        if (chosen == null) return;
        threshold = chosen;
        reconfigure();
    }

    /**
     * For {@code qctl work}: lines carry the time, and {@code --json} makes them JSON unless a
     * format was chosen by option or environment.
     */
    public static synchronized void worker(boolean json) {
        timestamps = true;
        if (json && format == null && env("QCTL_LOG_FORMAT") == null) format = Format.JSON;
        reconfigure();
    }

    /** Whether errors should show where they happened (as qctl's own error lines do with it). */
    static boolean stackTraces() {
        return "1".equals(System.getenv("QCTL_STACKTRACE"));
    }

    static Format currentFormat() {
        if (format != null) return format;
        String env = env("QCTL_LOG_FORMAT");
        return env != null && env.equalsIgnoreCase("json") ? Format.JSON : Format.TEXT;
    }

    static Threshold currentThreshold() {
        if (threshold != null) return threshold;
        String env = env("QCTL_LOG_LEVEL");
        if (env != null) {
            try {
                return Threshold.valueOf(env.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                if (!badLevelReported) {
                    badLevelReported = true;
                    System.err.println("qctl: ignoring QCTL_LOG_LEVEL=" + env
                            + " (expected trace, debug, info, warn, error or off)");
                }
            }
        }
        return Threshold.WARN;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Sets up {@code ctx} from the current settings; called by {@link LogConfigurator} when logback starts. */
    static synchronized void configure(LoggerContext ctx) {
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        Threshold level = currentThreshold();
        root.setLevel(level.logback);
        // The MariaDB driver logs each server error at WARN before throwing it; qctl reports that
        // error itself, in one line, so the driver speaks only when asked for debug output.
        boolean debugging = level == Threshold.DEBUG || level == Threshold.TRACE;
        ctx.getLogger("org.mariadb.jdbc").setLevel(debugging ? level.logback : Level.OFF);

        Encoder<ILoggingEvent> encoder = new MaskingEncoder(innerEncoder(ctx), stackTraces());
        encoder.setContext(ctx);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName(APPENDER);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);

        JulBridge.install(level.jul);
        context = ctx;
    }

    private static void reconfigure() {
        LoggerContext ctx = context;
        if (ctx != null) configure(ctx);
    }

    private static Encoder<ILoggingEvent> innerEncoder(LoggerContext ctx) {
        Encoder<ILoggingEvent> inner;
        if (currentFormat() == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMarkers(false);
            json.setWithMDC(false);
            json.setWithKVPList(false);
            json.setWithArguments(false); // the message is already formatted, and masked
            inner = json;
        } else {
            inner = new TextEncoder(timestamps, stackTraces());
        }
        inner.setContext(ctx);
        inner.start();
        return inner;
    }
}
