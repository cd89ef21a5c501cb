package dev.qctl.cli;

import picocli.CommandLine.Command;

@Command(
        name = "qctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A job queue you drive from the command line, modelled on Laravel's artisan queue:* commands.",
        subcommands = {
            WorkCommand.class,
            DispatchCommand.class,
            FailedCommand.class,
            RetryCommand.class,
            ForgetCommand.class,
            FlushCommand.class,
            PruneFailedCommand.class,
            ClearCommand.class,
            MonitorCommand.class,
            MigrateCommand.class,
            ConfigCommand.class,
            BenchCommand.class,
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  success",
            "  1  failure (a job or id not found, a threshold exceeded)",
            "  2  usage error (bad option, URL, JSON or duration)",
            "  3  the store cannot be opened or reached, or has no tables",
            "  4  internal error (QCTL_STACKTRACE=1 shows where)",
            " 12  a worker stopped at its --memory limit",
        })
final class QctlCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
