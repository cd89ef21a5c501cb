package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.QctlException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: wires picocli's error handling so every failure is one line and a documented exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** The command line for these arguments: with only the subcommand they name, else with all. */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new QctlCommand());
        Class<?> named = args.length > 0 ? QctlCommand.subcommandNamed(args[0]) : null;
        for (Class<?> subcommand : QctlCommand.SUBCOMMANDS) {
            if (named == null || subcommand == named) cli.addSubcommand(subcommand);
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::executionError);
        return cli;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("qctl: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
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
