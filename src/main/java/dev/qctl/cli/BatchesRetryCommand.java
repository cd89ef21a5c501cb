package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Batch;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.NoSuchBatchException;
import dev.qctl.queue.QueueBackend;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "retry",
        mixinStandardHelpOptions = true,
        description = "Put a batch's failed jobs back on their queues (artisan's queue:retry-batch), found by uuid.")
final class BatchesRetryCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @picocli.CommandLine.ParentCommand
    BatchesCommand parent;

    @Parameters(paramLabel = "ID", description = "The batch's id.")
    String id;

    @Override
    public Integer call() {
        try (QueueBackend backend = BatchesCommand.inherit(connection, parent).open(Creation.MUST_EXIST)) {
            Batch batch = backend.batches().find(id).orElseThrow(() -> new NoSuchBatchException(id));
            if (batch.failedJobIds().isEmpty()) {
                out().println("No failed jobs found for batch [" + id + "].");
                return ExitCodes.OK;
            }
            out().println("Pushing failed batch jobs back onto the queue.");
            boolean allFound = true;
            for (String uuid : batch.failedJobIds()) {
                Optional<FailedJob> job = backend.failedJobs().find(uuid);
                if (job.isEmpty()) {
                    err().println("Unable to find failed job with ID [" + uuid + "].");
                    allFound = false;
                    continue;
                }
                RetryCommand.retry(backend, job.get(), err());
                out().println("  " + uuid + " " + ".".repeat(Math.max(3, 60 - uuid.length())) + " DONE");
            }
            return allFound ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
