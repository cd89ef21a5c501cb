package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.QctlException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/** Entry point: wires picocli's error handling so every failure is one line and a documented exit code. */
public final class Main {
    private Main() {}

    /**
     * When this process's Java code began, read from the clock at once. The kernel's own start time
     * ({@code ProcessHandle.info().startInstant()}) is built from the boot time in whole seconds and
     * can be a second early: a `schedule:run` started by cron at 10:16:00.2 took itself for 10:15.
     */
    private static final Instant STARTED_AT = Instant.now();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** When this process started running qctl (the JVM's own start-up, a few tens of ms, comes before it). */
    static Instant startedAt() {
        return STARTED_AT;
    }

    static int run(String... args) {
        CommandLine cli = commandLine(args);
        try {
            return cli.execute(args);
        } finally {
            // commands print through picocli's writers, which flush only on println
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /** The command line for these arguments: with only the subcommand they name, else with all. */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new QctlCommand());
        Class<?> named = args.length > 0 ? QctlCommand.subcommandNamed(args[0]) : null;
        for (Class<?> subcommand : QctlCommand.SUBCOMMANDS) {
            if (named == null || subcommand == named) cli.addSubcommand(subcommand);
        }
        cli.registerConverter(Duration.class, new DurationConverter());
        String configFlag = OptionDefaults.configFlag(args);
        for (CommandLine sub : cli.getSubcommands().values()) {
            Set<String> keys = DEFAULTED_OPTIONS.get(sub.getCommandName());
            if (keys != null) sub.setDefaultValueProvider(new OptionDefaults(keys, configFlag, System::getenv));
        }
        cli.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit status:%n")
                .exitCodeList(exitCodeList());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::executionError);
        return cli;
    }

    /** The options whose defaults come from the environment and qctl.yml, per command ({@link OptionDefaults}). */
    private static final Map<String, Set<String>> DEFAULTED_OPTIONS = Map.of(
            "work", Set.of("queue", "tries", "backoff", "timeout", "sleep"),
            "monitor", Set.of("queue"),
            "clear", Set.of("queue"),
            "dashboard", Set.of("queue"));

    /** {@link ExitCodes#table()} as picocli's help section. */
    static Map<String, String> exitCodeList() {
        Map<String, String> list = new LinkedHashMap<>();
        ExitCodes.table().forEach((code, meaning) -> list.put(String.format("%3d", code), meaning));
        return list;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && cmd.getParent() == null
                && !unmatched.isUnknownOption()
                && !unmatched.getUnmatched().isEmpty()) {
            // `qctl wrok`: the first argument is where a command goes
            err.println(
                    "qctl: " + UnknownCommand.message(unmatched.getUnmatched().getFirst(), QctlCommand.commandNames()));
        } else {
            err.println(
                    "qctl: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof QctlException q) {
            err.println("qctl: " + q.getMessage());
            if (stacktraceWanted()) e.printStackTrace(err);
            err.flush();
            return q.exitCode();
        }
        err.println("qctl: internal error: " + e + " (set QCTL_STACKTRACE=1 to see where)");
        if (stacktraceWanted()) e.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL;
    }

    private static boolean stacktraceWanted() {
        return "1".equals(System.getenv("QCTL_STACKTRACE"));
    }
}
