package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Batch;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.NoSuchBatchException;
import dev.qctl.queue.QueueBackend;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Puts a batch's failed jobs back on their queues, found by uuid: {@code qctl batches retry} and
 * artisan's {@code qctl queue:retry-batch} are this one command under two names.
 */
abstract class BatchRetry extends Subcommand {
    static final String DESCRIPTION =
            "Put a batch's failed jobs back on their queues (artisan's queue:retry-batch), found by uuid.";

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "The batch's id.")
    String id;

    @Override
    public Integer call() {
        try (QueueBackend backend = connection().open(Creation.MUST_EXIST)) {
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

    /** The store to use: this command's connection options (under {@code batches}, also its parent's). */
    ConnectionOptions connection() {
        return connection;
    }
}
