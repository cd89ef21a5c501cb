package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import dev.qctl.queue.WorkerInfo;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "workers",
        mixinStandardHelpOptions = true,
        description = {
            "List the live workers of the connection, from their heartbeats (written every 3s; an entry missing",
            "for 10s is gone): name, host, pid, queues, busy slots, counts, and the jobs running now."
        })
final class WorkersCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--queue",
            paramLabel = "QUEUE",
            split = ",",
            description = "Only workers that serve one of these queues (default: all).")
    List<String> queues;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        List<String> wanted = queues == null ? null : QueueNames.checkList(queues, "--queue");
        List<WorkerInfo> workers;
        long now;
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            workers = serving(backend.workers().list(), wanted);
            now = backend.workers().now();
        }
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (WorkerInfo w : workers) {
                ObjectNode node = Json.MAPPER.valueToTree(w);
                node.put("seen_seconds_ago", Math.max(0, now - w.lastSeen()));
                array.add(node);
            }
            out().println(Json.write(array));
            return ExitCodes.OK;
        }
        if (workers.isEmpty()) {
            out().println("No live workers.");
            return ExitCodes.OK;
        }
        Table table =
                new Table("Name", "Host", "Pid", "Queues", "Busy", "Processed", "Failed", "Released", "Seen", "State");
        for (WorkerInfo w : workers) {
            table.row(
                    w.name(),
                    w.host(),
                    w.pid(),
                    String.join(",", w.queues()),
                    w.running().size() + "/" + w.concurrency(),
                    w.processed(),
                    w.failed(),
                    w.released(),
                    Math.max(0, now - w.lastSeen()) + "s ago",
                    w.stopping() ? "stopping" : w.paused() ? "paused" : "working");
        }
        table.print(out());
        for (WorkerInfo w : workers) {
            for (WorkerInfo.RunningJob job : w.running()) {
                long age = job.ageSeconds() + Math.max(0, now - w.lastSeen());
                out().println("  " + w.name() + " runs #" + job.id() + " " + job.name() + " on " + job.queue() + " for "
                        + age + "s");
            }
        }
        return ExitCodes.OK;
    }

    /** The workers serving one of {@code queues} (all of them when null). */
    static List<WorkerInfo> serving(List<WorkerInfo> workers, List<String> queues) {
        if (queues == null) return workers;
        return workers.stream()
                .filter(w -> w.queues().stream().anyMatch(queues::contains))
                .toList();
    }
}
