package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Batch;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.Json;
import dev.qctl.queue.NoSuchBatchException;
import dev.qctl.queue.QueueBackend;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show one batch: its counts, progress, and each failed job with the first line of its error.")
final class BatchesShowCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @picocli.CommandLine.ParentCommand
    BatchesCommand parent;

    @Parameters(paramLabel = "ID", description = "The batch's id.")
    String id;

    @Option(names = "--watch", description = "Redraw the progress every second until the batch is finished.")
    boolean watch;

    @Option(names = "--json", description = "Print the batch as JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        try (QueueBackend backend = BatchesCommand.inherit(connection, parent).open(Creation.MUST_EXIST)) {
            Batch batch = find(backend);
            if (watch) batch = watch(backend, batch);
            if (json) {
                out().println(Json.write(BatchesCommand.toJson(batch)));
                return ExitCodes.OK;
            }
            print(backend, batch);
            return ExitCodes.OK;
        }
    }

    private Batch find(QueueBackend backend) {
        return backend.batches().find(id).orElseThrow(() -> new NoSuchBatchException(id));
    }

    /** One progress line per change (redrawn in place on a terminal), until the batch has finished. */
    private Batch watch(QueueBackend backend, Batch batch) throws InterruptedException {
        boolean terminal = Terminal.interactive();
        String last = null;
        while (true) {
            String line = batch.name() + ": " + batch.processedJobs() + "/" + batch.totalJobs() + " done, "
                    + batch.failedJobs() + " failed, " + batch.progress() + "%";
            if (!line.equals(last)) {
                if (terminal) err().print("\r\033[2K" + line);
                else err().println(line);
                err().flush();
                last = line;
            }
            if (batch.finished() || batch.pendingJobs() - batch.failedJobs() <= 0) break;
            Thread.sleep(1000);
            batch = find(backend);
        }
        if (terminal) err().println();
        return batch;
    }

    private void print(QueueBackend backend, Batch b) {
        row("ID", b.id());
        row("Name", b.name());
        row("Total jobs", Integer.toString(b.totalJobs()));
        row("Pending jobs", Integer.toString(b.pendingJobs()));
        row("Failed jobs", Integer.toString(b.failedJobs()));
        row("Progress", b.progress() + "%");
        row("Allow failures", b.allowFailures() ? "yes" : "no");
        row("Created", BatchesCommand.time(b.createdAt()));
        if (b.cancelled()) row("Cancelled", BatchesCommand.time(b.cancelledAt()));
        row("Finished", b.finished() ? BatchesCommand.time(b.finishedAt()) : "no");
        if (b.failedJobIds().isEmpty()) return;
        out().println();
        out().println("Failed jobs:");
        for (String uuid : b.failedJobIds()) {
            Optional<FailedJob> failed = backend.failedJobs().find(uuid);
            out().println("  " + uuid + "  "
                    + failed.map(FailedJob::exceptionSummary).orElse("(no longer in the failed-job store)"));
        }
    }

    private void row(String label, String value) {
        out().println("  " + label + " " + ".".repeat(Math.max(3, 20 - label.length())) + " " + value);
    }
}
