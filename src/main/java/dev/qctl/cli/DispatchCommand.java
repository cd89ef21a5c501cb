package dev.qctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.InvalidPayloadException;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.UsageException;
import dev.qctl.worker.Backoff;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dispatch", aliases = "queue:dispatch", mixinStandardHelpOptions = true,
        description = {"Enqueue a command to run on a worker, or one job per line of a file.",
            "  qctl dispatch --queue=mail --tries=3 -- php artisan app:sync 42",
            "  qctl dispatch --from jobs.jsonl     (a line is [\"argv\",…] or {\"job\":…,\"data\":…})"})
final class DispatchCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Option(names = "--queue", defaultValue = "default", description = "Queue to put the job on (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--delay", description = "Make the job available only after this long, e.g. 30, 5m, 2h.")
    String delay;

    @Option(names = "--tries", description = "Attempts before the job fails (0 = unlimited; default: the worker's --tries).")
    Integer tries;

    @Option(names = "--backoff", description = "Seconds before each retry: 10 or 10,60,300.")
    String backoff;

    @Option(names = "--timeout", description = "Seconds one attempt may run (default: the worker's --timeout).")
    Integer timeout;

    @Option(names = "--data", paramLabel = "JSON", description = "JSON written to the command's stdin.")
    String data;

    @Option(names = "--from", paramLabel = "FILE", description = "Enqueue one job per line of FILE (- for stdin), all in one transaction.")
    String from;

    @Option(names = "--json", description = "Print each job as a JSON line {id, uuid, queue} instead of its id.")
    boolean json;

    @Parameters(paramLabel = "CMD", description = "The command and its arguments, after --.")
    List<String> argv = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<PushRequest> requests = from != null ? readLines() : List.of(commandLineJob());
        try (QueueBackend backend = connection.open();
                ProgressBar progress = new ProgressBar(System.err, "Dispatching", requests.size())) {
            List<String> ids = backend.pushBulk(requests, progress::update);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < ids.size(); i++) {
                PushRequest r = requests.get(i);
                if (json) {
                    out.append(Json.write(Json.MAPPER.createObjectNode().put("id", ids.get(i))
                            .put("uuid", r.payload().uuid()).put("queue", r.queue()))).append('\n');
                } else {
                    out.append(ids.get(i)).append('\n');
                }
            }
            System.out.print(out);
        }
        return 0;
    }

    private PushRequest commandLineJob() {
        if (argv.isEmpty()) throw new UsageException("nothing to dispatch: give a command after --, or --from FILE");
        JsonNode input = data == null ? null : Json.parse(data, "--data");
        return new PushRequest(queue, Payload.exec(argv, input, options()), delay());
    }

    private List<PushRequest> readLines() throws IOException {
        if (!argv.isEmpty()) throw new UsageException("give either a command or --from, not both");
        String source = from.equals("-") ? "stdin" : from;
        List<PushRequest> requests = new ArrayList<>();
        try (BufferedReader reader = from.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(from), StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) continue;
                try {
                    requests.add(lineJob(line));
                } catch (InvalidPayloadException | UsageException e) {
                    throw new UsageException(source + ":" + number + ": " + e.getMessage() + " (nothing was dispatched)");
                }
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read " + source + ": no such file");
        }
        if (requests.isEmpty()) throw new UsageException(source + " holds no jobs");
        return requests;
    }

    /** A JSON array is an exec argv; a JSON object names {@code job} and {@code data} plus optional settings. */
    private PushRequest lineJob(String line) {
        JsonNode node = Json.parse(line, "line");
        if (node.isArray()) {
            return new PushRequest(queue, Payload.exec(stringList(node, "the argv array"), null, options()), delay());
        }
        if (!node.isObject()) throw new InvalidPayloadException("line is neither a JSON array (argv) nor an object");
        JsonNode job = node.get("job");
        if (job == null || !job.isTextual() || job.asText().isBlank()) {
            throw new InvalidPayloadException("object has no \"job\" name");
        }
        JobOptions lineOptions = new JobOptions(optionalInt(node, "tries"), null,
                node.hasNonNull("backoff") ? Backoff.validate(node.get("backoff").asText()) : null,
                optionalInt(node, "timeout"), null, null).orElse(options());
        String lineQueue = node.hasNonNull("queue") ? node.get("queue").asText() : queue;
        Duration lineDelay = node.hasNonNull("delay") ? Durations.parse(node.get("delay").asText(), "delay") : delay();
        JsonNode data = node.get("data");
        Payload payload;
        if (job.asText().equals(Payload.EXEC)) {
            JsonNode argvNode = data == null ? null : data.get("argv");
            if (argvNode == null) throw new InvalidPayloadException("exec job needs data.argv");
            payload = Payload.exec(stringList(argvNode, "data.argv"), data.get("input"), lineOptions);
        } else {
            payload = Payload.create(job.asText(), job.asText(), data, lineOptions);
        }
        return new PushRequest(lineQueue, payload, lineDelay);
    }

    private static List<String> stringList(JsonNode node, String what) {
        if (!node.isArray() || node.isEmpty()) throw new InvalidPayloadException(what + " must be a non-empty array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode part : node) {
            if (!part.isTextual()) throw new InvalidPayloadException(what + " must hold only strings");
            out.add(part.asText());
        }
        return out;
    }

    private static Integer optionalInt(JsonNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.canConvertToInt() || n.asInt() < 0) throw new InvalidPayloadException("\"" + field + "\" must be a whole number ≥ 0");
        return n.asInt();
    }

    private JobOptions options() {
        if ((tries != null && tries < 0) || (timeout != null && timeout < 0)) {
            throw new UsageException("--tries and --timeout cannot be negative");
        }
        return new JobOptions(tries, null, Backoff.validate(backoff), timeout, null, null);
    }

    private Duration delay() {
        return delay == null ? Duration.ZERO : Durations.parse(delay, "--delay");
    }
}
