package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "pause",
        aliases = "queue:pause",
        mixinStandardHelpOptions = true,
        description = {
            "Pause a queue: running workers take no new job from it (within a second) and hand back the ones",
            "they hold ahead; they keep working their other queues. `qctl resume QUEUE` undoes it."
        })
final class PauseCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "QUEUE", description = "The queue to pause.")
    String queue;

    @Override
    public Integer call() {
        String name = QueueNames.check(queue, "QUEUE");
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            backend.controls().pause(name);
            out().println("Job processing on queue [" + backend.connectionName() + ":" + name + "] has been paused.");
        }
        return ExitCodes.OK;
    }
}
