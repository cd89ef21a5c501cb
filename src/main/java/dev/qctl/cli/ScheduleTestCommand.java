package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.ScheduleSpec;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import dev.qctl.schedule.ScheduleRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs one schedule entry now, whatever its cron says (its overlap lock still applies). */
@Command(
        name = "schedule:test",
        mixinStandardHelpOptions = true,
        description =
                "Run one schedule: entry now, in the foreground; without NAME, pick it from a list on a terminal.")
class ScheduleTestCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The entry's name under schedule:.")
    String name;

    @Option(names = "--name", paramLabel = "NAME", description = "Same as NAME (artisan's spelling).")
    String nameOption;

    @Override
    public Integer call() {
        QctlConfig config = connection.config();
        Map<String, ScheduleSpec> schedule = ScheduleSupport.schedule(config);
        if (schedule.isEmpty()) throw new UsageException("qctl.yml has no schedule: entries");
        String wanted = name != null ? name : nameOption;
        if (wanted == null) wanted = pick(schedule);
        ScheduleSpec spec = schedule.get(wanted);
        if (spec == null)
            throw new UsageException("No matching scheduled command found: '" + wanted + "' (entries: "
                    + String.join(", ", schedule.keySet()) + ")");
        try (QueueBackend store = connection.open(Creation.MAY_CREATE)) {
            ScheduleRunner runner = new ScheduleRunner(
                    config, store, Clock.systemUTC(), ScheduleSupport.host(), ScheduleSupport.environment(), out());
            ScheduleSupport.onTerminate(() -> runner.stop(Duration.ofSeconds(10)));
            ScheduleRunner.Outcome outcome = runner.runNow(spec);
            return outcome.failed() ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }

    private String pick(Map<String, ScheduleSpec> schedule) {
        List<String> names = new ArrayList<>(schedule.keySet());
        if (!Terminal.interactive())
            throw new UsageException(
                    "name the entry to run: qctl schedule:test NAME (entries: " + String.join(", ", names) + ")");
        for (int i = 0; i < names.size(); i++)
            out().println("  [" + (i + 1) + "] " + names.get(i) + "  "
                    + schedule.get(names.get(i)).what());
        out().flush();
        String answer = System.console().readLine("Which command would you like to run? ");
        if (answer == null) throw new UsageException("no entry chosen");
        answer = answer.strip();
        if (answer.matches("\\d+")) {
            int i = Integer.parseInt(answer) - 1;
            if (i >= 0 && i < names.size()) return names.get(i);
        }
        return answer;
    }
}
