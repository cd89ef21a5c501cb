package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "restart",
        aliases = "queue:restart",
        mixinStandardHelpOptions = true,
        description = {
            "Make every worker of the connection exit 0 after the jobs it is running (within a second), so",
            "supervisor, systemd or Kubernetes starts it again on the new code. The signal is kept in the store",
            "itself; workers started after it are not affected."
        })
final class RestartCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            backend.controls().restart();
        }
        out().println("Broadcasting queue restart signal.");
        return ExitCodes.OK;
    }
}
