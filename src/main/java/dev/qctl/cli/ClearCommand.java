package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "clear",
        aliases = "queue:clear",
        mixinStandardHelpOptions = true,
        description = "Delete every job of the queues, including ones being worked on.")
final class ClearCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    QueueOptions queueOptions;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CONNECTION",
            description = "Connection URL or qctl.yml name, as in artisan (overrides --connection).")
    String positionalConnection;

    @Option(
            names = {"-f", "--force"},
            description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        List<String> queues = queueOptions.queues();
        if (!confirm("Delete every job of [" + String.join(", ", queues) + "]?", force)) return ExitCodes.FAILURE;
        try (QueueBackend backend = connection.open(positionalConnection, 2, Creation.MUST_EXIST)) {
            long cleared = 0;
            for (String q : queues) cleared += backend.clear(q);
            out().println("Cleared " + cleared + " jobs from the [" + String.join(", ", queues) + "] queues");
            return ExitCodes.OK;
        }
    }
}
