package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Deletes old batch records: {@code qctl batches prune} and artisan's {@code qctl
 * queue:prune-batches} are this one command under two names.
 */
abstract class BatchPrune extends Subcommand {
    static final String DESCRIPTION =
            "Delete old batch records (artisan's queue:prune-batches); the jobs themselves are untouched.";

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--hours",
            paramLabel = "H",
            description = "Delete finished batches that finished more than H hours ago (default 24).")
    int hours = 24;

    @Option(
            names = "--unfinished",
            paramLabel = "H",
            description = "Also delete unfinished batches created more than H hours ago.")
    Integer unfinished;

    @Option(
            names = "--cancelled",
            paramLabel = "H",
            description = "Also delete cancelled batches created more than H hours ago.")
    Integer cancelled;

    @Option(
            names = {"-f", "--force"},
            description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        if (hours < 0 || (unfinished != null && unfinished < 0) || (cancelled != null && cancelled < 0))
            throw new UsageException("--hours, --unfinished and --cancelled cannot be negative");
        if (!confirm("Delete batch records older than " + hours + " hours?", force)) return ExitCodes.FAILURE;
        try (QueueBackend backend = connection().open(Creation.MUST_EXIST)) {
            long deleted = backend.batches().prune(ago(hours), ago(unfinished), ago(cancelled));
            out().println(deleted + " entries deleted.");
            return ExitCodes.OK;
        }
    }

    /** The store to use: this command's connection options (under {@code batches}, also its parent's). */
    ConnectionOptions connection() {
        return connection;
    }

    private static Instant ago(Integer hours) {
        return hours == null ? null : Instant.now().minus(Duration.ofHours(hours));
    }
}
