package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "forget",
        aliases = "queue:forget",
        mixinStandardHelpOptions = true,
        description = "Delete one failed job by id or uuid.")
final class ForgetCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "The failed job's id or uuid.")
    String id;

    @Override
    public Integer call() {
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            if (backend.failedJobs().forget(id)) {
                out().println("Failed job deleted successfully.");
                return ExitCodes.OK;
            }
            err().println("No failed job matches the given ID.");
            return ExitCodes.FAILURE;
        }
    }
}
