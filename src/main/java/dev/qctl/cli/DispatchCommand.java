package dev.qctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.SigningKey;
import dev.qctl.queue.Creation;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    @Option(
            names = "--id",
            paramLabel = "KEY",
            description = "Dispatch only if no job with this key is waiting, delayed or running; otherwise add"
                    + " nothing and print that job's id (BullMQ's jobId). The key is free again once its job is done.")
    String key;

    @Option(
            names = "--keep-id-for",
            paramLabel = "DURATION",
            description =
                    "With --id: hold the key this long after its job is done (a dispatch meanwhile is a duplicate).")
    Duration keepKey;

    @Mixin
    UniqueOptions unique;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Batches:%n")
    BatchDispatchOptions batch = new BatchDispatchOptions();

    @Option(names = "--json", description = "Print each job as a JSON line {id, uuid, queue} instead of its id.")
    boolean json;

    @Option(
            names = "--ids",
            description = "With --from on a terminal: print every job's id, not the one-line summary"
                    + " (ids are always printed when stdout is a pipe or file).")
    boolean ids;

    @Parameters(
            paramLabel = "HANDLER | -- CMD",
            description = "A handler named in qctl.yml, or a command and its arguments after --.")
    List<String> argv = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        QctlConfig config = connection.config();
        JobFactory jobs = new JobFactory(config, options(), explicitQueue());
        DispatchSealer sealer = new DispatchSealer(config, encrypt, err());
        batch.check();
        unique.check();
        if (keepKey != null && key == null) throw new UsageException("--keep-id-for needs --id KEY");
        if (key != null && unique.used()) throw new UsageException("give either --id or --unique-for, not both");
        if (key != null || unique.used()) return dispatchKeyed(jobs, sealer);
        if (batch.used()) return dispatchBatch(jobs, sealer);
        if (from == null) {
            PushRequest request = sealer.seal(commandLineJob(jobs));
            try (QueueBackend backend = connection.open(Creation.MAY_CREATE)) {
                String id = backend.push(request);
                out().print(json ? jobLine(id, request.payload().uuid(), request.queue()) : id + "\n");
            }
            return ExitCodes.OK;
        }
        if (!argv.isEmpty()) throw new UsageException("give either a command or --from, not both");
        String source = from.equals("-") ? "stdin" : from;
        long total = from.equals("-") || !ProgressBar.wouldDraw() ? -1 : countLines(Path.of(from));
        try (BufferedReader reader = open(source);
                QueueBackend backend = connection.open(Creation.MAY_CREATE);
                ProgressBar progress = new ProgressBar(err(), "Dispatching", total);
                KeyedLineSpool lines =
                        new KeyedLineSpool(new JobLines(reader, source, line -> jobs.line(line, delay())))) {
            progress.update(0);
            Dispatched dispatched = new Dispatched(sealed(lines, sealer), json);
            List<String> written = lines.hasNext() ? backend.pushAll(dispatched, progress::update) : List.of();
            progress.close();
            if (!written.isEmpty()) print(written, dispatched, true);
            if (lines.keyed() > 0) pushKeyedLines(backend, lines.keyedLines(), sealer);
        }
        return ExitCodes.OK;
    }

    /** The --from lines with an id or unique key, each pushed as --id/--unique-for would; duplicates counted. */
    private void pushKeyedLines(QueueBackend backend, Iterator<PushRequest> keyed, DispatchSealer sealer) {
        long lines = 0;
        long duplicates = 0;
        while (keyed.hasNext()) {
            PushRequest request = sealer.seal(keyed.next());
            lines++;
            JobKeys.Pushed pushed = pushUnderLock(backend, request);
            if (pushed.duplicate()) duplicates++;
            else
                out().print(
                                json
                                        ? jobLine(pushed.id(), request.payload().uuid(), request.queue())
                                        : pushed.id() + "\n");
        }
        if (duplicates > 0)
            err().println("qctl: " + duplicates + " of " + lines + " lines with an id or unique key were duplicates"
                    + " (held by a queued or running job, or by an earlier line); nothing added for them");
    }

    private static JobKeys.Pushed pushUnderLock(QueueBackend backend, PushRequest request) {
        Payload payload = request.payload();
        return backend.jobKeys().push(JobKeys.pushLockOf(payload), JobKeys.holdOf(payload), request);
    }

    private static Iterator<PushRequest> sealed(Iterator<PushRequest> jobs, DispatchSealer sealer) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return jobs.hasNext();
            }

            @Override
            public PushRequest next() {
                return sealer.seal(jobs.next());
            }
        };
    }

    /**
     * One job under a dispatch id or unique key: pushed, or the id of the job that holds the key
     * printed instead.
     */
    private Integer dispatchKeyed(JobFactory jobs, DispatchSealer sealer) {
        String option = key != null ? "--id" : "--unique-for";
        if (from != null || batch.used())
            throw new UsageException(option + " dispatches one job: not with --from (give the lines \"id\" or"
                    + " \"unique_for\") or a batch");
        PushRequest plain = commandLineJob(jobs);
        PushRequest request;
        if (key != null) {
            if (key.isBlank() || key.length() > 150) throw new UsageException("--id must be 1 to 150 characters");
            if (keepKey != null && keepKey.isNegative()) throw new UsageException("--keep-id-for cannot be negative");
            var payload = plain.payload().with(JobKeys.KEY_FIELD, key);
            if (keepKey != null && !keepKey.isZero())
                payload = payload.with(JobKeys.KEEP_FIELD, Math.max(1, (keepKey.toMillis() + 999) / 1000));
            request = new PushRequest(plain.queue(), payload, plain.delay());
        } else request = unique.stamp(plain);
        request = sealer.seal(request);
        try (QueueBackend backend = connection.open(Creation.MAY_CREATE)) {
            JobKeys.Pushed pushed = pushUnderLock(backend, request);
            if (pushed.duplicate() && key != null)
                err().println("qctl: duplicate of " + pushed.id() + " (a job with id '" + key
                        + "' is still queued or running; nothing added)");
            else if (pushed.duplicate())
                err().println("qctl: duplicate of " + pushed.id() + " (job " + pushed.id() + " holds the unique key '"
                        + request.payload().textOr(JobKeys.UNIQUE_FIELD) + "'; nothing added)");
            String line = !json
                    ? pushed.id() + "\n"
                    : pushed.duplicate()
                            ? Json.write(Json.MAPPER
                                            .createObjectNode()
                                            .put("id", pushed.id())
                                            .put("duplicate", true)) + "\n"
                            : jobLine(pushed.id(), request.payload().uuid(), request.queue());
            out().print(line);
        }
        return ExitCodes.OK;
    }

    /**
     * A batch is created (or grown) with its jobs in one step of the batch store, so its jobs
     * are gathered first: each stamped with the batch id, then signed.
     */
    private Integer dispatchBatch(JobFactory jobs, DispatchSealer sealer) throws IOException {
        if (from != null && !argv.isEmpty()) throw new UsageException("give either a command or --from, not both");
        List<PushRequest> all = new ArrayList<>();
        Dispatched dispatched;
        if (from == null) {
            dispatched = new Dispatched(List.of(commandLineJob(jobs)).iterator(), json);
            dispatched.forEachRemaining(all::add);
        } else {
            String source = from.equals("-") ? "stdin" : from;
            try (BufferedReader reader = open(source)) {
                JobLines lines = new JobLines(reader, source, line -> jobs.line(line, delay()));
                dispatched = new Dispatched(lines, json);
                dispatched.forEachRemaining(all::add);
            }
        }
        if (unique.used() || all.stream().anyMatch(r -> JobKeys.pushLockOf(r.payload()) != null))
            throw new UsageException("a batch's jobs cannot carry an id or unique key");
        List<PushRequest> sealed = new ArrayList<>(all.size());
        for (PushRequest r : batch.stamp(all)) sealed.add(sealer.seal(r));
        try (QueueBackend backend = connection.open(Creation.MAY_CREATE)) {
            List<String> written = batch.push(
                    backend,
                    jobs,
                    sealed,
                    callbacks -> callbacks.stream().map(sealer::seal).toList());
            err().println("batch " + batch.id());
            print(written, dispatched, from != null);
        }
        return ExitCodes.OK;
    }

    /** Every id (a pipe, a file, --ids, --json), or for a file on a terminal one line that does not flood it. */
    private void print(List<String> written, Dispatched dispatched, boolean mayShorten) {
        if (mayShorten && !json && !ids && Terminal.interactive()) {
            out().println("Dispatched " + written.size() + (written.size() == 1 ? " job" : " jobs") + " onto ["
                    + String.join(",", dispatched.queues) + "] (ids " + written.getFirst() + " … " + written.getLast()
                    + "; --ids lists them all)");
            return;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < written.size(); i++) {
            if (json) text.append(jobLine(written.get(i), dispatched.uuids.get(i), dispatched.queueOf.get(i)));
            else text.append(written.get(i)).append('\n');
        }
        out().print(text);
    }

    private String jobLine(String id, String uuid, String queue) {
        var line =
                Json.MAPPER.createObjectNode().put("id", id).put("uuid", uuid).put("queue", queue);
        if (batch.used()) line.put("batch", batch.id());
        return Json.write(line) + "\n";
    }

    /** The jobs on their way to the store, noting what the output needs of each (uuid and queue only for --json). */
    private static final class Dispatched implements Iterator<PushRequest> {
        private final Iterator<PushRequest> jobs;
        private final boolean keepEach;
        final Set<String> queues = new LinkedHashSet<>();
        final List<String> uuids = new ArrayList<>();
        final List<String> queueOf = new ArrayList<>();

        Dispatched(Iterator<PushRequest> jobs, boolean keepEach) {
            this.jobs = jobs;
            this.keepEach = keepEach;
        }

        @Override
        public boolean hasNext() {
            return jobs.hasNext();
        }

        @Override
        public PushRequest next() {
            PushRequest r = jobs.next();
            queues.add(r.queue());
            if (keepEach) {
                uuids.add(r.payload().uuid());
                queueOf.add(r.queue());
            }
            return r;
        }
    }

    private BufferedReader open(String source) throws IOException {
        if (from.equals("-")) return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Path file = Path.of(from);
        if (Files.isDirectory(file)) throw new UsageException("cannot read " + source + ": it is a directory");
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read " + source + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read " + source + ": permission denied");
        }
    }

    /** Lines in the file, for the progress bar's total: one quick pass over its bytes. */
    private static long countLines(Path file) {
        long lines = 0;
        byte last = '\n';
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) if (buffer[i] == '\n') lines++;
                last = buffer[n - 1];
            }
        } catch (IOException e) {
            return -1; // the read proper reports it
        }
        return last == '\n' ? lines : lines + 1;
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
