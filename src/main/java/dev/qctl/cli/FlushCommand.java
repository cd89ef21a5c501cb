package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Deletes failed jobs, all of them or those older than {@code --hours}. Artisan has this
 * twice, as {@code queue:flush} (default: all) and {@code queue:prune-failed} (default: 24 h);
 * {@link PruneFailedCommand} is this command under that name and default.
 */
@Command(
        name = "flush",
        aliases = "queue:flush",
        mixinStandardHelpOptions = true,
        description = "Delete all failed jobs, or those that failed more than --hours ago.")
class FlushCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--hours", paramLabel = "N", description = "Only jobs that failed at least this many hours ago.")
    Integer hours;

    @Option(
            names = {"-f", "--force"},
            description = "Do not ask for confirmation.")
    boolean force;

    /** The age used when --hours is not given; null = every failed job. */
    Integer defaultHours() {
        return null;
    }

    @Override
    public Integer call() {
        Integer age = hours != null ? hours : defaultHours();
        if (age != null && age < 0) throw new UsageException("--hours cannot be negative");
        String what = age == null ? "all failed jobs" : "failed jobs older than " + age + " hours";
        if (!confirm("Delete " + what + "?", force)) return ExitCodes.FAILURE;
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            Instant cutoff = age == null ? null : Instant.now().minus(Duration.ofHours(age));
            long deleted = backend.failedJobs().flush(cutoff);
            out().println(
                            age == null
                                    ? "All failed jobs deleted successfully. (" + deleted + ")"
                                    : deleted + " failed jobs older than " + age + " hours deleted.");
            return ExitCodes.OK;
        }
    }
}
