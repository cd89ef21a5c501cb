package dev.qctl.cli;

import dev.qctl.queue.QueueBackend;
import dev.qctl.base.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "flush", aliases = "queue:flush", mixinStandardHelpOptions = true,
        description = "Delete all failed jobs, or those that failed more than --hours ago.")
final class FlushCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(names = "--hours", description = "Only jobs that failed at least this many hours ago.")
    Integer hours;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        if (hours != null && hours < 0) throw new UsageException("--hours cannot be negative");
        String what = hours == null ? "all failed jobs" : "failed jobs older than " + hours + " hours";
        if (!Terminal.confirm("Delete " + what + "?", force)) return 1;
        try (QueueBackend backend = connection.open()) {
            Instant cutoff = hours == null ? null : Instant.now().minus(Duration.ofHours(hours));
            long deleted = backend.failedJobs().flush(cutoff);
            System.out.println(hours == null ? "All failed jobs deleted successfully. (" + deleted + ")"
                    : "All jobs that failed more than " + hours + " hours ago have been deleted successfully. (" + deleted + ")");
            return 0;
        }
    }
}
