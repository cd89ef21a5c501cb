package dev.qctl.cli;

import dev.qctl.queue.QueueBackend;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "clear", aliases = "queue:clear", mixinStandardHelpOptions = true,
        description = "Delete every job of the queues, including ones being worked on.")
final class ClearCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(names = "--queue", defaultValue = "default", description = "Queues to clear: a,b (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        List<String> queues = QueueList.parse(queue);
        if (!Terminal.confirm("Delete every job of [" + String.join(", ", queues) + "]?", force)) return 1;
        try (QueueBackend backend = connection.open()) {
            long cleared = 0;
            for (String q : queues) cleared += backend.clear(q);
            System.out.println("Cleared " + cleared + " jobs from the [" + String.join(", ", queues) + "] queues");
            return 0;
        }
    }
}
