package dev.qctl.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One human line per event: {@code qctl: WARN com.zaxxer.hikari.pool.PoolBase: message}, or for a
 * worker {@code 2026-11-23 10:00:00 WARN ...} like its other lines. qctl's own loggers are not
 * named. An exception adds its class and message to the line, and the whole trace below it
 * only with QCTL_STACKTRACE=1. Written without a pattern layout, which would be parsed at startup.
 */
final class TextEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NOTHING = new byte[0];
    private static final int MAX_CAUSES = 3;

    /** Only for a worker: building a formatter is a few milliseconds of a short command's start. */
    private final DateTimeFormatter time;

    private final boolean stackTraces;

    TextEncoder(boolean timestamps, boolean stackTraces) {
        this.time = timestamps ? DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss") : null;
        this.stackTraces = stackTraces;
    }

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        if (time != null) {
            line.append(time.format(LocalDateTime.ofInstant(event.getInstant(), ZoneId.systemDefault())))
                    .append(' ');
        } else {
            line.append("qctl: ");
        }
        line.append(event.getLevel().levelStr).append(' ');
        String logger = event.getLoggerName();
        if (logger != null && !logger.startsWith("dev.qctl."))
            line.append(logger).append(": ");
        oneLine(line, event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            if (stackTraces) {
                line.append('\n').append(ThrowableProxyUtil.asString(thrown));
            } else {
                summary(line, thrown);
            }
        }
        if (line.charAt(line.length() - 1) != '\n') line.append('\n');
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** " (Class: message; caused by Class: message)", the first few of the chain. */
    private static void summary(StringBuilder line, IThrowableProxy thrown) {
        line.append(" (");
        int n = 0;
        for (IThrowableProxy t = thrown; t != null && n < MAX_CAUSES; t = t.getCause(), n++) {
            if (n > 0) line.append("; caused by ");
            line.append(t.getClassName());
            if (t.getMessage() != null) oneLine(line.append(": "), t.getMessage());
        }
        line.append(')');
    }

    /** The text with its line breaks (and the indentation after them) as single spaces. */
    private static void oneLine(StringBuilder line, String text) {
        if (text == null) return;
        boolean breaking = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                breaking = true;
            } else if (breaking && (c == ' ' || c == '\t')) {
                continue;
            } else {
                if (breaking) line.append(' ');
                breaking = false;
                line.append(c);
            }
        }
    }
}
