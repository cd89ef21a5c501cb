package dev.qctl.cli;

import dev.qctl.alert.BacklogAlerts;
import dev.qctl.base.ExitCodes;
import dev.qctl.config.QctlConfig;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Locks;
import dev.qctl.queue.QueueBackend;
import dev.qctl.schedule.ScheduleLoop;
import dev.qctl.schedule.ScheduleRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** schedule:run at every minute boundary, in the foreground, until SIGTERM or schedule:interrupt. */
@Command(
        name = "schedule:work",
        mixinStandardHelpOptions = true,
        description = {
            "Run the due schedule: entries at every minute boundary, in the foreground.",
            "SIGTERM/SIGINT or `qctl schedule:interrupt` stop it after the entries running finish."
        })
class ScheduleWorkCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws InterruptedException {
        QctlConfig config = connection.config();
        ScheduleSupport.schedule(config);
        try (QueueBackend store = connection.open(Creation.MAY_CREATE)) {
            Locks locks = store.locks();
            // an interrupt already set when this loop started was meant for others
            String ignored = locks.holder(ScheduleSupport.INTERRUPT_LOCK)
                    .map(Locks.Held::owner)
                    .orElse(null);
            ScheduleRunner runner = new ScheduleRunner(
                    config, store, Clock.systemUTC(), ScheduleSupport.host(), ScheduleSupport.environment(), out());
            long[] lastCheck = {0};
            BacklogAlerts alerts = new BacklogAlerts(store, config.alerts(), Alerting.defaultQueue(config));
            java.util.function.Consumer<Instant> minute = startedAt -> {
                runner.runDue(startedAt);
                if (alerts.any()) Alerting.check(alerts, err());
            };
            ScheduleLoop loop = new ScheduleLoop(Clock.systemUTC(), d -> Thread.sleep(d), minute, () -> {
                long now = System.nanoTime();
                if (now - lastCheck[0] < 1_000_000_000L) return false;
                lastCheck[0] = now;
                try {
                    Optional<Locks.Held> h = locks.holder(ScheduleSupport.INTERRUPT_LOCK);
                    return h.isPresent() && !h.get().owner().equals(ignored);
                } catch (RuntimeException e) {
                    return false; // the store is away for a moment: keep going
                }
            });
            CountDownLatch done = new CountDownLatch(1);
            ScheduleSupport.onTerminate(() -> {
                loop.stop();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            out().println("Running the schedule every minute ("
                    + config.schedule().size() + " entries) from " + Instant.now() + ".");
            out().flush();
            String why = loop.run();
            out().println("schedule:work stopped (" + why + ").");
            out().flush();
            done.countDown();
            return ExitCodes.OK;
        }
    }
}
