package dev.qctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.SigningKey;
import dev.qctl.handler.PayloadSeal;
import dev.qctl.queue.Creation;
import dev.qctl.queue.InvalidPayloadException;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
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
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "dispatch",
        aliases = "queue:dispatch",
        mixinStandardHelpOptions = true,
        description = {
            "Enqueue a command to run on a worker, a job for a handler named in qctl.yml, or one job per line of a file.",
            "  qctl dispatch --queue=mail --tries=3 -- php artisan app:sync 42",
            "  qctl dispatch sync-mailbox --data '{\"taxpayer\":42}'   (a handler from qctl.yml)",
            "  qctl dispatch --from jobs.jsonl     (a line is [\"argv\",…] or {\"job\":…,\"data\":…})",
            "Raw commands are signed with the signing key ($QCTL_SIGNING_KEY, signing_key_file:, or a local key",
            "created on first use when there is no qctl.yml) so that workers know they may run them."
        })
final class DispatchCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--queue",
            description =
                    "Queue to put the job on (default: $QCTL_QUEUE, the handler's queue, qctl.yml's defaults.queue, else default).")
    String queue;

    @Option(
            names = "--delay",
            paramLabel = "DURATION",
            description = "Make the job available only after this long, e.g. 30, 5m, 2h.")
    Duration delay;

    /** Unset ones are left to the handler, else to the worker's options. */
    @Mixin
    AttemptOptions attempts;

    @Option(
            names = "--data",
            paramLabel = "JSON",
            description = "For a command: JSON written to its stdin. For a handler: the job's data.")
    String data;

    @Option(
            names = "--from",
            paramLabel = "FILE",
            description = "Enqueue one job per line of FILE (- for stdin), all in one transaction.")
    String from;

    @Option(
            names = "--encrypt",
            description = "Encrypt the job's data with the signing key (the worker needs the same key).")
    boolean encrypt;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Batches:%n")
    BatchDispatchOptions batch = new BatchDispatchOptions();

    @Option(names = "--json", description = "Print each job as a JSON line {id, uuid, queue} instead of its id.")
    boolean json;

    @Parameters(
            paramLabel = "HANDLER | -- CMD",
            description = "A handler named in qctl.yml, or a command and its arguments after --.")
    List<String> argv = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        QctlConfig config = connection.config();
        JobFactory jobs = new JobFactory(config, options(), explicitQueue());
        batch.check();
        List<PushRequest> requests = from != null ? readLines(jobs) : List.of(commandLineJob(jobs));
        if (batch.used()) requests = batch.stamp(requests);
        requests = seal(config, requests);
        try (QueueBackend backend = connection.open(Creation.MAY_CREATE);
                ProgressBar progress = new ProgressBar(err(), "Dispatching", requests.size())) {
            List<String> ids = batch.used()
                    ? batch.push(backend, jobs, requests, r -> seal(config, r))
                    : backend.pushBulk(requests, progress::update);
            if (batch.used()) err().println("batch " + batch.id());
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < ids.size(); i++) {
                PushRequest r = requests.get(i);
                if (json) {
                    var line = Json.MAPPER
                            .createObjectNode()
                            .put("id", ids.get(i))
                            .put("uuid", r.payload().uuid())
                            .put("queue", r.queue());
                    if (batch.used()) line.put("batch", batch.id());
                    out.append(Json.write(line)).append('\n');
                } else {
                    out.append(ids.get(i)).append('\n');
                }
            }
            out().print(out);
        }
        return ExitCodes.OK;
    }

    /** Signs every payload when a key is at hand; creates the local key if a raw job or --encrypt needs one and nothing is configured. */
    private List<PushRequest> seal(QctlConfig config, List<PushRequest> requests) {
        boolean raw =
                requests.stream().anyMatch(r -> JobFactory.isRaw(r.payload().job()));
        Optional<SigningKey> key = raw || encrypt
                ? SigningKey.findOrCreate(config, System::getenv)
                : SigningKey.find(config, System::getenv);
        if (raw && key.isEmpty() && !config.allowRaw()) err().println(unsignedWarning(config));
        List<PushRequest> sealed = new ArrayList<>(requests.size());
        for (PushRequest r : requests) {
            Payload p = r.payload();
            // an encrypted command must not show its arguments in worker logs and `qctl failed`
            if (encrypt && p.job().equals(Payload.EXEC))
                p = p.with("displayName", p.data().path("argv").path(0).asText("exec"));
            sealed.add(new PushRequest(r.queue(), PayloadSeal.seal(p, key, encrypt), r.delay()));
        }
        return sealed;
    }

    /**
     * One line saying what to do. With a qctl.yml qctl creates no local key (workers elsewhere
     * could not share it), so the first raw job after adding one would be refused silently.
     */
    static String unsignedWarning(QctlConfig config) {
        if (!config.exists()) {
            return "qctl: warning: raw jobs dispatched unsigned; workers refuse them unless allow_raw: true" + " (set $"
                    + SigningKey.ENV + " or signing_key_file: on dispatchers and workers)";
        }
        Path key = config.file().resolveSibling("signing.key");
        return "qctl: warning: raw jobs dispatched unsigned, so workers will refuse them: with a qctl.yml ("
                + config.file()
                + ") qctl creates no signing key; to sign them, run `head -c 32 /dev/urandom | base64 > "
                + ConnectionOptions.shellWord(key.toString()) + "` and add `signing_key_file: signing.key` to "
                + config.file().getFileName() + " (workers need the same key), or set $" + SigningKey.ENV;
    }

    private PushRequest commandLineJob(JobFactory jobs) {
        if (argv.isEmpty())
            throw new UsageException("nothing to dispatch: give a handler name, a command after --, or --from FILE");
        JsonNode input = data == null ? null : Json.parse(data, "--data");
        if (afterDoubleDash()) return jobs.exec(argv, input, delay());
        if (argv.size() > 1) {
            throw new UsageException(
                    "'" + argv.getFirst() + "' is taken as a handler name, which takes its input from --data;"
                            + " to run a command, put it after --: qctl dispatch -- " + String.join(" ", argv));
        }
        return jobs.named(argv.getFirst(), input, null, null, delay(), false);
    }

    /** Whether the positional arguments came after "--" (a raw command) rather than naming a handler. */
    private boolean afterDoubleDash() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dash = original.indexOf("--");
        if (dash < 0) return false;
        if (argv.size() > original.size() - dash - 1) {
            throw new UsageException("give either a handler name or a command after --, not both");
        }
        return true;
    }

    private List<PushRequest> readLines(JobFactory jobs) throws IOException {
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
                    requests.add(jobs.line(line, delay()));
                } catch (InvalidPayloadException | UsageException e) {
                    throw new UsageException(
                            source + ":" + number + ": " + e.getMessage() + " (nothing was dispatched)");
                }
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read " + source + ": no such file");
        }
        if (requests.isEmpty()) throw new UsageException(source + " holds no jobs");
        return requests;
    }

    private String explicitQueue() {
        if (queue != null) return QueueNames.check(queue, "--queue");
        String env = System.getenv("QCTL_QUEUE");
        return env == null || env.isBlank() ? null : QueueNames.check(env, "$QCTL_QUEUE");
    }

    private JobOptions options() {
        if ((attempts.tries != null && attempts.tries < 0) || (attempts.timeout != null && attempts.timeout < 0)) {
            throw new UsageException("--tries and --timeout cannot be negative");
        }
        return new JobOptions(attempts.tries, null, attempts.backoff(), attempts.timeout, null, null);
    }

    private Duration delay() {
        if (delay != null && delay.isNegative()) throw new UsageException("--delay cannot be negative");
        return delay == null ? Duration.ZERO : delay;
    }
}
