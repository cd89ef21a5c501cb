package dev.qctl.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.qctl.base.Secrets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Hands the encoder (text or JSON) a view of each event in which every text that may quote a
 * connection URL is masked by {@link Secrets#text}: the formatted message and each exception's
 * message down the cause and suppressed chains. So whatever HikariCP, Lettuce or a driver writes,
 * a password in {@code scheme://user:password@} form never reaches stderr. The view's message is
 * the formatted one, with no arguments left to format. Stack frames are dropped unless
 * QCTL_STACKTRACE=1, so a JSON line stays short too.
 */
final class MaskingEncoder extends ContextAwareBase implements Encoder<ILoggingEvent> {
    private static final StackTraceElementProxy[] NO_FRAMES = new StackTraceElementProxy[0];

    private final Encoder<ILoggingEvent> inner;
    private final boolean frames;
    private boolean started;

    MaskingEncoder(Encoder<ILoggingEvent> inner, boolean frames) {
        this.inner = inner;
        this.frames = frames;
    }

    @Override
    public byte[] headerBytes() {
        return inner.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return inner.encode(masked(event, frames));
    }

    @Override
    public byte[] footerBytes() {
        return inner.footerBytes();
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public void stop() {
        inner.stop();
        started = false;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    /** The event as it may be written: masked, and without frames unless {@code frames}. */
    static ILoggingEvent masked(ILoggingEvent event, boolean frames) {
        return new MaskedEvent(
                event, Secrets.text(event.getFormattedMessage()), masked(event.getThrowableProxy(), frames));
    }

    private static IThrowableProxy masked(IThrowableProxy t, boolean frames) {
        return t == null ? null : new MaskedThrowable(t, frames);
    }

    private record MaskedThrowable(IThrowableProxy t, boolean frames) implements IThrowableProxy {
        @Override
        public String getMessage() {
            return Secrets.text(t.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return Secrets.text(t.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return t.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return frames ? t.getStackTraceElementProxyArray() : NO_FRAMES;
        }

        @Override
        public int getCommonFrames() {
            return frames ? t.getCommonFrames() : 0;
        }

        @Override
        public IThrowableProxy getCause() {
            return masked(t.getCause(), frames);
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = t.getSuppressed();
            if (suppressed == null) return null;
            IThrowableProxy[] out = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < out.length; i++) out[i] = masked(suppressed[i], frames);
            return out;
        }

        @Override
        public boolean isCyclic() {
            return t.isCyclic();
        }
    }

    /** MDC and key-value pairs are left out: qctl writes neither, and the encoders are told to skip them. */
    private record MaskedEvent(ILoggingEvent e, String message, IThrowableProxy thrown) implements ILoggingEvent {
        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public Object[] getArgumentArray() {
            return null;
        }

        @Override
        public String getFormattedMessage() {
            return message;
        }

        @Override
        public IThrowableProxy getThrowableProxy() {
            return thrown;
        }

        @Override
        public String getThreadName() {
            return e.getThreadName();
        }

        @Override
        public Level getLevel() {
            return e.getLevel();
        }

        @Override
        public String getLoggerName() {
            return e.getLoggerName();
        }

        @Override
        public LoggerContextVO getLoggerContextVO() {
            return e.getLoggerContextVO();
        }

        @Override
        public StackTraceElement[] getCallerData() {
            return e.getCallerData();
        }

        @Override
        public boolean hasCallerData() {
            return e.hasCallerData();
        }

        @Override
        public List<Marker> getMarkerList() {
            return e.getMarkerList();
        }

        @Override
        public Map<String, String> getMDCPropertyMap() {
            return Map.of();
        }

        @Override
        @SuppressWarnings("deprecation")
        public Map<String, String> getMdc() {
            return Map.of();
        }

        @Override
        public long getTimeStamp() {
            return e.getTimeStamp();
        }

        @Override
        public int getNanoseconds() {
            return e.getNanoseconds();
        }

        @Override
        public Instant getInstant() {
            return e.getInstant();
        }

        @Override
        public long getSequenceNumber() {
            return e.getSequenceNumber();
        }

        @Override
        public List<KeyValuePair> getKeyValuePairs() {
            return null;
        }

        @Override
        public void prepareForDeferredProcessing() {
            e.prepareForDeferredProcessing();
        }
    }
}
