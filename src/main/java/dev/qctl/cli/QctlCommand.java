package dev.qctl.cli;

import dev.qctl.log.Logging;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
        name = "qctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A job queue you drive from the command line, modelled on Laravel's artisan queue:* commands."
        // the exit-status section comes from ExitCodes.table(), set in Main
        )
final class QctlCommand implements Runnable {
    /**
     * The subcommands, in the order `qctl --help` lists them. {@link Main} registers only the
     * one being run when it can tell which: picocli reflects over every class it is given, and
     * for all of them that was a quarter of a `qctl dispatch`.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            WorkCommand.class,
            DispatchCommand.class,
            FailedCommand.class,
            RetryCommand.class,
            ForgetCommand.class,
            FlushCommand.class,
            PruneFailedCommand.class,
            ClearCommand.class,
            MonitorCommand.class,
            BatchesCommand.class,
            RetryBatchCommand.class,
            PruneBatchesCommand.class,
            LocksCommand.class,
            MetricsCommand.class,
            WorkersCommand.class,
            HealthCommand.class,
            RestartCommand.class,
            PauseCommand.class,
            ResumeCommand.class,
            MigrateCommand.class,
            ConfigCommand.class,
            ScheduleRunCommand.class,
            ScheduleListCommand.class,
            ScheduleWorkCommand.class,
            ScheduleTestCommand.class,
            ScheduleInterruptCommand.class,
            ScheduleClearCacheCommand.class,
            DashboardCommand.class,
            BenchCommand.class,
            CompletionCommand.class,
            CompletionCandidatesCommand.class);

    /** The subcommand class answering to {@code name} (its name or an alias such as queue:work), or null. */
    static Class<?> subcommandNamed(String name) {
        for (Class<?> type : SUBCOMMANDS) {
            Command command = type.getAnnotation(Command.class);
            if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) return type;
        }
        return null;
    }

    /** Every command name and alias but the hidden ones, in {@link #SUBCOMMANDS} order, each name before its aliases. */
    static List<String> commandNames() {
        List<String> names = new ArrayList<>();
        for (Class<?> type : SUBCOMMANDS) {
            Command command = type.getAnnotation(Command.class);
            if (command.hidden()) continue;
            names.add(command.name());
            names.addAll(Arrays.asList(command.aliases()));
        }
        return names;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Global: picocli copies it to every subcommand; the setter only records it, so any copy will do. */
    @Option(
            names = "--log-format",
            scope = ScopeType.INHERIT,
            paramLabel = "text|json",
            description =
                    "Log lines on stderr as text or one JSON object per line (default: $QCTL_LOG_FORMAT, else text; json for work --json).")
    void logFormat(Logging.Format format) {
        Logging.format(format);
    }

    @Option(
            names = "--log-level",
            scope = ScopeType.INHERIT,
            paramLabel = "LEVEL",
            description =
                    "Least severe log events shown on stderr: trace, debug, info, warn, error, off (default: $QCTL_LOG_LEVEL, else warn).")
    void logLevel(Logging.Threshold level) {
        Logging.threshold(level);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
