package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.NoSuchBatchException;
import dev.qctl.queue.QueueBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancel a batch: once this returns, no job of it starts; workers skip them (acked, not run).",
            "Jobs already running finish."
        })
final class BatchesCancelCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @picocli.CommandLine.ParentCommand
    BatchesCommand parent;

    @Parameters(paramLabel = "ID", description = "The batch's id.")
    String id;

    @Override
    public Integer call() {
        try (QueueBackend backend = BatchesCommand.inherit(connection, parent).open(Creation.MUST_EXIST)) {
            if (!backend.batches().cancel(id)) throw new NoSuchBatchException(id);
        }
        out().println("Batch [" + id + "] cancelled.");
        return ExitCodes.OK;
    }
}
