package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.queue.Batch;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "batches",
        mixinStandardHelpOptions = true,
        subcommands = {
            BatchesShowCommand.class,
            BatchesCancelCommand.class,
            BatchesRetryCommand.class,
            BatchesPruneCommand.class
        },
        description = {
            "List batches, newest first (qctl's and a Laravel app's own job_batches rows).",
            "  qctl batches | qctl batches show ID [--watch] | qctl batches cancel ID | qctl batches retry ID",
            "  qctl batches prune --hours 24 [--unfinished H] [--cancelled H]"
        })
final class BatchesCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--page", paramLabel = "N", description = "Which page to show, from 1 (default 1).")
    int page = 1;

    @Option(names = "--per-page", paramLabel = "N", description = "Batches per page (default 20).")
    int perPage = 20;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        if (page < 1 || perPage < 1) throw new UsageException("--page and --per-page must be at least 1");
        List<Batch> batches;
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            batches = backend.batches().list((page - 1) * perPage, perPage);
        }
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            batches.forEach(b -> array.add(toJson(b)));
            out().println(Json.write(array));
            return ExitCodes.OK;
        }
        if (batches.isEmpty()) {
            out().println(page == 1 ? "No batches found." : "No batches on page " + page + ".");
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "Name", "Total", "Pending", "Failed", "Progress", "Created", "Finished");
        for (Batch b : batches) {
            table.row(
                    b.id(),
                    b.name(),
                    b.totalJobs(),
                    b.pendingJobs(),
                    b.failedJobs(),
                    b.progress() + "%",
                    time(b.createdAt()),
                    ended(b));
        }
        table.print(out());
        return ExitCodes.OK;
    }

    /**
     * A subcommand's connection options, taking what was given before the subcommand's name
     * ({@code qctl batches -c URL show ID}) where the subcommand was given none itself.
     */
    static ConnectionOptions inherit(ConnectionOptions own, BatchesCommand parent) {
        if (parent == null) return own;
        if (own.connection == null) own.connection = parent.connection.connection;
        if (own.configFile == null) own.configFile = parent.connection.configFile;
        return own;
    }

    /** The batch as --json prints it (Laravel's Batch::toArray keys, times as ISO-8601). */
    static ObjectNode toJson(Batch b) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", b.id())
                .put("name", b.name())
                .put("totalJobs", b.totalJobs())
                .put("pendingJobs", b.pendingJobs())
                .put("processedJobs", b.processedJobs())
                .put("progress", b.progress())
                .put("failedJobs", b.failedJobs())
                .put("allowFailures", b.allowFailures())
                .put("createdAt", iso(b.createdAt()))
                .put("cancelledAt", b.cancelledAt() == null ? null : iso(b.cancelledAt()))
                .put("finishedAt", b.finishedAt() == null ? null : iso(b.finishedAt()));
        ArrayNode ids = n.putArray("failedJobIds");
        b.failedJobIds().forEach(ids::add);
        return n;
    }

    /** How the batch ended, for the Finished column: its time, "cancelled TIME", or blank while it runs. */
    static String ended(Batch b) {
        if (b.cancelled()) return "cancelled " + time(b.cancelledAt());
        return b.finished() ? time(b.finishedAt()) : "";
    }

    static String time(long epochSeconds) {
        return FailedCommand.TIME.format(Instant.ofEpochSecond(epochSeconds));
    }

    private static String iso(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
