package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "monitor",
        aliases = "queue:monitor",
        mixinStandardHelpOptions = true,
        description = "Show each queue's pending, delayed and reserved jobs; exit 1 if any queue has --max or more.")
final class MonitorCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    QueueOptions queues;

    @Option(
            names = "--max",
            defaultValue = "1000",
            description = "Size at which a queue is in ALERT (default: ${DEFAULT-VALUE}).")
    long max;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        List<QueueSizes> sizes = new ArrayList<>();
        String name;
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            name = backend.connectionName();
            for (String q : queues.queues()) {
                sizes.add(backend.sizes(q));
            }
        }
        boolean alert = sizes.stream().anyMatch(s -> s.total() >= max);
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (QueueSizes s : sizes) {
                array.addObject()
                        .put("connection", name)
                        .put("queue", s.queue())
                        .put("size", s.total())
                        .put("pending", s.pending())
                        .put("delayed", s.delayed())
                        .put("reserved", s.reserved())
                        .put("oldest_pending", s.oldestPendingAge() < 0 ? null : s.oldestPendingAge())
                        .put("status", s.total() >= max ? "ALERT" : "OK");
            }
            out().println(Json.write(array));
        } else {
            Table table = new Table("Queue", "Size", "Pending", "Delayed", "Reserved", "Oldest pending", "Status");
            for (QueueSizes s : sizes) {
                table.row(
                        "[" + name + "] " + s.queue(),
                        s.total(),
                        s.pending(),
                        s.delayed(),
                        s.reserved(),
                        s.oldestPendingAge() < 0 ? "N/A" : s.oldestPendingAge() + "s",
                        s.total() >= max ? "ALERT" : "OK");
            }
            table.print(out());
        }
        return alert ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
