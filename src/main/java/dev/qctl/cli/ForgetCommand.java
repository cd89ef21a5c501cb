package dev.qctl.cli;

import dev.qctl.queue.QueueBackend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "forget", aliases = "queue:forget", mixinStandardHelpOptions = true,
        description = "Delete one failed job by id or uuid.")
final class ForgetCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "The failed job's id or uuid.")
    String id;

    @Override
    public Integer call() {
        try (QueueBackend backend = connection.open()) {
            if (backend.failedJobs().forget(id)) {
                System.out.println("Failed job deleted successfully.");
                return 0;
            }
            System.err.println("No failed job matches the given ID.");
            return 1;
        }
    }
}
