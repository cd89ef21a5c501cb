package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.config.QctlConfig;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import dev.qctl.schedule.ScheduleRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs what qctl.yml's schedule: has due in the current minute, once, and exits (for cron). */
@Command(
        name = "schedule:run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the schedule: entries due in the current minute (each in its own timezone), then exit.",
            "Foreground entries run one after another; run_in_background ones beside them. Prints one line per entry."
        },
        footer = {
            "",
            "Run it every minute from cron (crontab -e):",
            "  * * * * * cd /path/to/app && qctl schedule:run >> /dev/null 2>&1",
            "",
            "Exit status: 0 when every entry that ran succeeded, 1 when one failed (--always-zero: always 0, as artisan)."
        })
class ScheduleRunCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--always-zero", description = "Exit 0 even when an entry failed (artisan's behaviour).")
    boolean alwaysZero;

    @Override
    public Integer call() {
        // the minute the run belongs to is the one the process started in, however long the start-up takes
        Instant started = Main.startedAt();
        QctlConfig config = connection.config();
        ScheduleSupport.schedule(config);
        try (QueueBackend store = connection.open(Creation.MAY_CREATE)) {
            ScheduleRunner runner = new ScheduleRunner(
                    config, store, Clock.systemUTC(), ScheduleSupport.host(), ScheduleSupport.environment(), out());
            ScheduleSupport.onTerminate(() -> runner.stop(Duration.ofSeconds(10)));
            List<ScheduleRunner.Outcome> outcomes = runner.runDue(started);
            if (outcomes.isEmpty()) out().println("No scheduled commands are ready to run.");
            boolean failed = outcomes.stream().anyMatch(ScheduleRunner.Outcome::failed);
            return failed && !alwaysZero ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }
}
