package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "resume",
        aliases = {"queue:resume", "queue:continue"},
        mixinStandardHelpOptions = true,
        description = "Resume a queue paused with `qctl pause`: workers take its jobs again within a second.")
final class ResumeCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "QUEUE", description = "The queue to resume.")
    String queue;

    @Override
    public Integer call() {
        String name = QueueNames.check(queue, "QUEUE");
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            boolean was = backend.controls().resume(name);
            out().println("Job processing on queue [" + backend.connectionName() + ":" + name + "] has been "
                    + (was ? "resumed." : "resumed (it was not paused)."));
        }
        return ExitCodes.OK;
    }
}
