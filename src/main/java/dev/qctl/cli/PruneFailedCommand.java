package dev.qctl.cli;

import dev.qctl.queue.QueueBackend;
import dev.qctl.base.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune-failed", aliases = "queue:prune-failed", mixinStandardHelpOptions = true,
        description = "Delete failed jobs older than --hours (default 24).")
final class PruneFailedCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(names = "--hours", defaultValue = "24", description = "Age in hours (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        if (hours < 0) throw new UsageException("--hours cannot be negative");
        if (!Terminal.confirm("Delete failed jobs older than " + hours + " hours?", force)) return 1;
        try (QueueBackend backend = connection.open()) {
            long deleted = backend.failedJobs().flush(Instant.now().minus(Duration.ofHours(hours)));
            System.out.println(deleted + " entries deleted.");
            return 0;
        }
    }
}
