package dev.qctl.alert;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** `qctl work --check-alerts`: checks the backlog alerts every {@link #EVERY}, from a thread of its own. */
public final class BacklogWatch implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(BacklogWatch.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qctl-alerts");
        t.setDaemon(true);
        return t;
    });

    public BacklogWatch(BacklogAlerts alerts) {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        alerts.check().forEach(fired -> LOG.info("alert fired: {}", fired));
                    } catch (RuntimeException e) {
                        LOG.warn("cannot check the backlog alerts ({})", e.getMessage());
                    }
                },
                0,
                EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
