package dev.qctl.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Lists failed jobs a page at a time from the store's id index, printing each page before the
 * next is read, so a store of a million failed jobs lists in the memory of one page (reading
 * them all first took seconds and hundreds of MB for 100k).
 */
@Command(
        name = "failed",
        aliases = "queue:failed",
        mixinStandardHelpOptions = true,
        description = "List failed jobs, newest first.")
final class FailedCommand extends Subcommand {
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    /** Records read and printed at a time. */
    private static final int PAGE = 500;

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
        try (QueueBackend backend = connection.open(positionalConnection, 2, Creation.MUST_EXIST)) {
            FailedJobStore store = backend.failedJobs();
            FailedJobFilter filter = new FailedJobFilter(queue, null, null);
            if (json) printJson(store, filter);
            else printTable(store, filter);
        }
        return ExitCodes.OK;
    }

    /** One JSON array, written as the pages come. */
    private void printJson(FailedJobStore store, FailedJobFilter filter) {
        try (JsonGenerator gen = Json.MAPPER.createGenerator(out())) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.writeStartArray();
            store.walk(filter, j -> {
                writeJson(gen, j);
                return true;
            });
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out().println();
    }

    /** One failed job as a JSON object, the fields Laravel's queue:failed shows. */
    private static void writeJson(JsonGenerator gen, FailedJob j) {
        try {
            gen.writeStartObject();
            gen.writeNumberField("id", j.id());
            gen.writeStringField("uuid", j.uuid());
            gen.writeStringField("connection", j.connection());
            gen.writeStringField("queue", j.queue());
            gen.writeStringField("job", j.displayName());
            gen.writeStringField("class", j.displayName());
            gen.writeStringField(
                    "failed_at", j.failedAt() == null ? null : j.failedAt().toString());
            gen.writeStringField("exception", j.exceptionSummary());
            gen.writeStringField("batch", Payload.batchIdOf(j.payload()));
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table, a page at a time; columns widen as wider cells come, and never narrow. */
    private void printTable(FailedJobStore store, FailedJobFilter filter) {
        Table table = new Table("ID", "UUID", "Connection", "Queue", "Job", "Batch", "Failed At", "Exception");
        int[] rows = {0};
        store.walk(filter, j -> {
            table.row(
                    j.id(),
                    j.uuid(),
                    j.connection(),
                    j.queue(),
                    clip(j.displayName(), 40),
                    Payload.batchIdOf(j.payload()),
                    j.failedAt() == null ? "" : TIME.format(j.failedAt()),
                    clip(j.exceptionSummary(), 80));
            if (++rows[0] % PAGE == 0) table.print(out()); // a page's rows out before the next are read
            return true;
        });
        if (rows[0] == 0) out().println("No failed jobs found.");
        else if (rows[0] % PAGE != 0) table.print(out());
    }

    private static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
