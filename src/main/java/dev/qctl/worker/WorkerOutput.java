package dev.qctl.worker;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.Text;
import dev.qctl.queue.Json;
import dev.qctl.queue.ReservedJob;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per job state change on stdout: artisan's dotted lines
 * ({@code 2026-11-23 10:00:00 name ..... RUNNING}) or, with --json, one JSON object per line
 * with artisan's keys. Warnings (a lost lease, a store outage) go through the logger: one line
 * on stderr, as text or JSON (dev.qctl.log).
 *
 * <p>Job lines are buffered and flushed every {@link #FLUSH_EVERY_MS} ms (and at close): a busy
 * worker writes thousands of lines a second, and one write call per line cost more than the
 * no-op jobs themselves. JSON lines are streamed through one generator rather than built as
 * trees and serialised: building two trees per job was a fifth of a busy worker's CPU.
 */
final class WorkerOutput implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long FLUSH_EVERY_MS = 50;

    private static final DateTimeFormatter HUMAN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int WIDTH = 100;

    private final PrintStream out;
    /** Writes --json lines into {@link #out}'s buffer; guarded, like out, by out's lock. */
    private final JsonGenerator jsonLines;

    private final PrintStream err;
    private final boolean json;
    private final boolean verbose;
    private final String connection;

    private final Thread flusher;
    private volatile boolean closed;

    WorkerOutput(PrintStream out, PrintStream err, boolean json, boolean verbose, String connection) {
        this.out = new PrintStream(new BufferedOutputStream(out, 1 << 16), false, StandardCharsets.UTF_8);
        this.jsonLines = jsonGenerator(this.out);
        this.err = err;
        this.json = json;
        this.verbose = verbose;
        this.connection = connection;
        this.flusher = Thread.ofPlatform().daemon().name("qctl-output").start(this::flushPeriodically);
    }

    private void flushPeriodically() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (out) {
                out.flush();
            }
        }
    }

    /** Writes out whatever is buffered. */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        synchronized (out) {
            out.flush();
        }
    }

    void starting(ReservedJob job, String uuid, String name) {
        if (json) jobLine("info", job, uuid, name, "starting", null, null, null, null);
        else line(job, name, "RUNNING", "");
    }

    void done(ReservedJob job, String uuid, String name, Duration took) {
        if (json) jobLine("info", job, uuid, name, "success", "deleted", null, took, null);
        else line(job, name, "DONE", human(took) + " ");
    }

    /** A job not run, acked as done: its batch was cancelled (Laravel's SkipIfBatchCancelled). */
    void skipped(ReservedJob job, String uuid, String name, String reason) {
        if (json) jobLine("info", job, uuid, name, "skipped", "deleted", reason, null, null);
        else {
            line(job, name, "SKIPPED", "");
            err.println("  skipped: " + Text.printable(reason));
        }
    }

    /** unknown_jobs: release: a job with no handler here went back to its queue for another worker. */
    void leftForOthers(ReservedJob job, String uuid, String name, String handler) {
        String reason = "no handler named '" + handler + "' here; left for another worker";
        if (json) jobLine("info", job, uuid, name, "handed_back_unknown", "released", reason, null, null);
        else {
            line(job, name, "LEFT", "");
            err.println("  " + reason);
        }
    }

    void released(ReservedJob job, String uuid, String name, Duration took, String reason, Duration delay) {
        if (json) {
            jobLine("warning", job, uuid, name, "released_after_exception", "released", reason, took, delay);
        } else {
            line(job, name, "FAIL", human(took) + " ");
            err.println("  retry in " + delay.toSeconds() + "s: " + Text.printable(Text.firstLine(reason)));
        }
    }

    /** The job may not start yet (its rate limit is used up): back on its queue for later, no attempt spent. */
    void postponed(ReservedJob job, String uuid, String name, String reason, Duration delay) {
        if (json) jobLine("info", job, uuid, name, "postponed", "released", reason, null, delay);
        else if (verbose) {
            line(job, name, "WAIT", "");
            err.println("  " + reason + ": starts in " + delay.toMillis() + " ms, no attempt spent");
        }
    }

    /** The worker's --stop-timeout ran out while the job ran: it is back on its queue, its attempt not spent. */
    void stoppedAtDeadline(ReservedJob job, String uuid, String name, Duration took) {
        if (json) {
            jobLine("warning", job, uuid, name, "stopped", "released", "stopped at --stop-timeout", took, null);
        } else {
            line(job, name, "STOPPED", human(took) + " ");
            err.println("  stopped at --stop-timeout: back on its queue, this attempt not counted");
        }
    }

    /** {@code took} is null for a job that failed before it ran. */
    void failed(ReservedJob job, String uuid, String name, Duration took, String reason) {
        if (json) {
            jobLine("warning", job, uuid, name, "failed", "failed", reason, took, null);
        } else {
            line(job, name, "FAIL", (took == null ? "" : human(took) + " "));
            err.println("  failed: " + Text.printable(Text.firstLine(reason)));
        }
    }

    void paused(String queues, boolean paused) {
        if (json) {
            ObjectNode n = Json.MAPPER
                    .createObjectNode()
                    .put("level", "warning")
                    .put("queue", queues)
                    .put("status", paused ? "paused" : "resumed")
                    .put("timestamp", OffsetDateTime.now().toString());
            emit(n);
        } else
            synchronized (out) {
                out.println("  " + HUMAN_TIME.format(LocalDateTime.now()) + " Queue " + queues + " "
                        + (paused ? "PAUSED" : "RESUMED"));
            }
    }

    /** The worker stopped holding jobs it had reserved ahead but never started; they are back on the queue. */
    void handedBack(int count) {
        if (json) {
            emit(Json.MAPPER
                    .createObjectNode()
                    .put("level", "info")
                    .put("status", "handed_back")
                    .put("count", count)
                    .put("timestamp", OffsetDateTime.now().toString()));
        } else {
            info("  Handed back " + count + " reserved job" + (count == 1 ? "" : "s") + " that had not started.");
        }
    }

    void info(String message) {
        if (json) return;
        synchronized (out) {
            out.println(message);
            out.flush();
        }
    }

    /** A fenced ack, release, fail or hand-back that the store refused: the reservation is no longer ours. */
    void rejected(ReservedJob job, String what) {
        warn(what + " of job " + job.id() + " (attempt " + job.attempts()
                + ") rejected: its reservation expired and the job was taken by another worker or is gone");
    }

    /** The store failed while the job's outcome was being recorded. */
    void outcomeNotRecorded(ReservedJob job, Throwable error) {
        warn("job " + job.id() + " outcome not recorded (" + error.getMessage()
                + "); it will run again after retry_after");
    }

    /** A warning, through the logger: one line on stderr, as text or JSON as --log-format says. */
    void warn(String message) {
        LOG.warn(message);
    }

    /** One --json job line with artisan's keys; message, duration and delay only when given. */
    private void jobLine(
            String level,
            ReservedJob job,
            String uuid,
            String name,
            String status,
            String result,
            String message,
            Duration took,
            Duration delay) {
        String timestamp = OffsetDateTime.now().toString();
        synchronized (out) {
            try {
                JsonGenerator g = jsonLines;
                g.writeStartObject();
                g.writeStringField("level", level);
                g.writeStringField("id", job.id());
                if (uuid != null) g.writeStringField("uuid", uuid);
                g.writeStringField("connection", connection);
                g.writeStringField("queue", job.queue());
                g.writeStringField("job", name);
                g.writeStringField("status", status);
                if (result != null) g.writeStringField("result", result);
                g.writeNumberField("attempts", job.attempts());
                g.writeStringField("timestamp", timestamp);
                if (message != null) g.writeStringField("message", message);
                if (took != null) g.writeNumberField("duration", seconds(took));
                if (delay != null) g.writeNumberField("delay", delay.toSeconds());
                g.writeEndObject();
                endJsonLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void emit(ObjectNode node) {
        synchronized (out) {
            try {
                jsonLines.writeTree(node);
                endJsonLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Ends the line and hands it to {@link #out}'s buffer (the generator does not flush the stream itself). */
    private void endJsonLine() throws IOException {
        jsonLines.writeRaw('\n');
        jsonLines.flush();
    }

    private static JsonGenerator jsonGenerator(PrintStream target) {
        try {
            JsonGenerator g = Json.MAPPER.getFactory().createGenerator(target);
            g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM); // the flusher thread decides when to write
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null); // lines end with our own newline
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(ReservedJob job, String name, String status, String detail) {
        String left = "  " + HUMAN_TIME.format(LocalDateTime.now()) + " " + truncate(Text.printable(name), 50)
                + (verbose
                        ? " [" + connection + ":" + job.queue() + " #" + job.id() + " try " + job.attempts() + "]"
                        : " #" + job.id());
        String right = detail + status;
        int dots = Math.max(3, WIDTH - left.length() - right.length() - 2);
        synchronized (out) {
            out.println(left + " " + ".".repeat(dots) + " " + right);
        }
    }

    private static String truncate(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1000.0) / 1_000_000.0;
    }

    /** artisan's style: 12.34ms under a second, else a short human form. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return String.format("%.2fms", d.toNanos() / 1e6);
        if (ms < 60_000) return String.format("%.2fs", ms / 1000.0);
        return (ms / 60_000) + "m " + ((ms / 1000) % 60) + "s";
    }
}
