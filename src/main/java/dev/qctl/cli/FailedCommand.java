package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "failed",
        aliases = "queue:failed",
        mixinStandardHelpOptions = true,
        description = "List failed jobs, newest first.")
final class FailedCommand extends Subcommand {
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    ConnectionOptions connection;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CONNECTION",
            description = "Connection URL or qctl.yml name, as in artisan (overrides --connection).")
    String positionalConnection;

    @Option(names = "--queue", description = "Only jobs that failed on this queue.")
    String queue;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        if (queue != null) QueueNames.check(queue, "--queue");
        List<FailedJob> jobs;
        try (QueueBackend backend = connection.open(positionalConnection, 2, Creation.MUST_EXIST)) {
            jobs = backend.failedJobs().list(queue);
        }
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (FailedJob j : jobs) {
                array.addObject()
                        .put("id", j.id())
                        .put("uuid", j.uuid())
                        .put("connection", j.connection())
                        .put("queue", j.queue())
                        .put("job", j.displayName())
                        .put("class", j.displayName())
                        .put(
                                "failed_at",
                                j.failedAt() == null ? null : j.failedAt().toString())
                        .put("exception", j.exceptionSummary())
                        .put("batch", Payload.batchIdOf(j.payload()));
            }
            out().println(Json.write(array));
            return ExitCodes.OK;
        }
        if (jobs.isEmpty()) {
            out().println("No failed jobs found.");
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "UUID", "Connection", "Queue", "Job", "Batch", "Failed At", "Exception");
        for (FailedJob j : jobs) {
            table.row(
                    j.id(),
                    j.uuid(),
                    j.connection(),
                    j.queue(),
                    clip(j.displayName(), 40),
                    Payload.batchIdOf(j.payload()),
                    j.failedAt() == null ? "" : TIME.format(j.failedAt()),
                    clip(j.exceptionSummary(), 80));
        }
        table.print(out());
        return ExitCodes.OK;
    }

    private static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
