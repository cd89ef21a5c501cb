package dev.qctl.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's configuration, in code: found through ServiceLoader when logback starts, so no
 * logback.xml is looked for or parsed (that cost a short command tens of milliseconds). A
 * {@code -Dlogback.configurationFile=...} in $QCTL_JAVA_OPTS still takes over. No
 * {@code @ConfiguratorRank}: it is the only configurator on the class path, and reading an
 * annotation spins a proxy class, which cost a cold start 40 ms.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    public LogConfigurator() {}

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        // logback's own trouble goes to stderr in one line; without a listener it would print its status list on stdout
        ctx.getStatusManager().add(new ErrorsToStderr());
        Logging.configure(ctx);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static final class ErrorsToStderr implements StatusListener {
        @Override
        public void addStatusEvent(Status status) {
            if (status.getEffectiveLevel() >= Status.WARN) {
                System.err.println("qctl: logging: " + dev.qctl.base.Secrets.text(status.getMessage()));
            }
        }

        @Override
        public boolean isResetResistant() {
            return true;
        }
    }
}
