package dev.qctl.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code data.argv} as a process (never through a shell). {@code data.input}, if any,
 * goes to its stdin as JSON; job facts go in its environment. Exit 0 is done; any other
 * status is a failed attempt whose message carries the status and the tail of stderr, except
 * two a job may use to say more ({@link #RELEASE_STATUS}, {@link #FAIL_STATUS}).
 * When the worker interrupts the attempt (timeout or forced stop), the whole process tree
 * gets SIGTERM, then SIGKILL after a grace period.
 *
 * <p>Each job runs in a session (and so a process group) of its own, started through
 * util-linux's {@code setsid} where it exists: a signal sent to the worker's process group —
 * supervisor's {@code stopasgroup}, Ctrl-C in a terminal, {@code kill -TERM -PGID} — reaches
 * the worker, which lets the running jobs finish, and not the jobs themselves. Ending the job
 * is the worker's decision alone (timeout: the tree, TERM then KILL).
 */
public final class ExecHandler implements JobHandler {
    private static final long KILL_GRACE_SECONDS = 5;
    private static final int STDERR_TAIL_BYTES = 4096;
    /**
     * Exit status 75 (sysexits' EX_TEMPFAIL): put me back and try again later, like Laravel's
     * {@code $job->release($delay)}. The attempt is spent but it is no failure; the delay is read
     * from the last stderr line if that is {@code qctl-release-after: SECONDS}, else 0.
     */
    public static final int RELEASE_STATUS = 75;
    /** Exit status 76: fail me now, whatever my tries (Laravel's {@code $job->fail()}). */
    public static final int FAIL_STATUS = 76;

    private static final java.util.regex.Pattern RELEASE_AFTER =
            java.util.regex.Pattern.compile("qctl-release-after: *(\\d{1,9})");
    /** Settings of qctl itself that a job's process has no business seeing. */
    private static final List<String> HIDDEN_ENV = List.of("QCTL_CONNECTION", "QCTL_SIGNING_KEY");
    /** More variables to hide, e.g. the password_env names of qctl.yml's connections. */
    private final java.util.Set<String> alsoHidden;

    public ExecHandler() {
        this(java.util.Set.of());
    }

    public ExecHandler(java.util.Set<String> alsoHidden) {
        this.alsoHidden = java.util.Set.copyOf(alsoHidden);
    }

    @Override
    public void handle(Attempt context) throws Exception {
        run(context, Map.of());
    }

    /** As {@link #handle}, with {@code extraEnv} added to the program's environment. */
    void run(Attempt context, Map<String, String> extraEnv) throws Exception {
        List<String> argv = argv(context.payload().data());
        ProcessBuilder builder = new ProcessBuilder(inOwnSession(argv));
        Map<String, String> env = builder.environment();
        HIDDEN_ENV.forEach(env::remove);
        alsoHidden.forEach(env::remove);
        env.put("QCTL_JOB_ID", context.jobId());
        env.put("QCTL_JOB_UUID", String.valueOf(context.payload().uuid()));
        env.put("QCTL_ATTEMPT", Integer.toString(context.attempt()));
        env.put("QCTL_QUEUE", context.queue());
        env.put("QCTL_CONNECTION_NAME", context.connection());
        env.putAll(extraEnv);

        Process process;
        try {
            if (SETSID != null) requireRunnable(argv.getFirst(), env.get("PATH"));
            process = builder.start();
        } catch (IOException e) {
            throw new UnhandleableJobException("cannot run " + argv.getFirst() + ": " + e.getMessage());
        }
        // setsid execs the job in place, so its pid is its session's and process group's id
        JobProcessReaper reaper = SETSID == null ? null : JobProcessReaper.get(SETSID);
        if (reaper != null) reaper.started(process.pid());
        try {
            awaitExit(process, context);
        } finally {
            if (reaper != null) reaper.ended(process.pid());
        }
    }

    private static void awaitExit(Process process, Attempt context) throws Exception {
        OutputTail stdout = new OutputTail(1);
        OutputTail stderr = new OutputTail(STDERR_TAIL_BYTES);
        // The job's own output goes to the worker's stderr: stdout is kept for job state lines.
        String prefix = "  [" + context.jobId() + "] ";
        Thread outPump = stdout.pump(process.getInputStream(), System.err, prefix);
        Thread errPump = stderr.pump(process.getErrorStream(), System.err, prefix);
        writeInput(process, context.payload().data().get("input"));

        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            terminateTree(process);
            throw e;
        }
        outPump.join(1000);
        errPump.join(1000);
        if (status == 0) return;
        String tail = stderr.text();
        String last = tail.lines().reduce((a, b) -> b).orElse("");
        if (status == RELEASE_STATUS) {
            java.util.regex.Matcher m = RELEASE_AFTER.matcher(last.strip());
            long seconds = m.matches() ? Long.parseLong(m.group(1)) : 0;
            throw new ReleaseRequestedException(
                    Duration.ofSeconds(seconds), "the job asked to be released (exit status " + status + ")");
        }
        String lastLine = tail.isEmpty() ? "" : ": " + last;
        String message =
                "exit status " + status + lastLine + (tail.isEmpty() ? "" : "\n--- stderr (tail) ---\n" + tail);
        if (status == FAIL_STATUS) throw new FailRequestedException(message);
        throw new AttemptFailedException(message);
    }

    /**
     * util-linux's setsid, if this machine has it. Started from the JVM the job is never a
     * process-group leader, so setsid calls setsid(2) and execs the job in place: the job keeps
     * the pid Java sees, and its exit status is the job's ({@code -w} covers the forking case).
     */
    private static final String SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(f -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(f)))
            .findFirst()
            .orElse(null);

    /** The command line that runs {@code argv} in a session of its own (as is, where setsid is missing). */
    static List<String> inOwnSession(List<String> argv) {
        if (SETSID == null) return argv;
        List<String> command = new ArrayList<>(argv.size() + 3);
        command.add(SETSID);
        command.add("-w");
        command.add("--");
        command.addAll(argv);
        return command;
    }

    /**
     * What starting the program directly would have told: with setsid in front, a missing
     * program would otherwise be setsid's exit 127, an ordinary failed attempt.
     */
    private static void requireRunnable(String program, String path) throws IOException {
        if (program.indexOf('/') >= 0) {
            if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(program)))
                throw new IOException("no such executable file");
            return;
        }
        for (String dir : (path == null ? "" : path).split(":")) {
            if (dir.isEmpty()) continue;
            java.nio.file.Path candidate = java.nio.file.Path.of(dir, program);
            if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) return;
        }
        throw new IOException("not found on PATH");
    }

    private static List<String> argv(JsonNode data) throws UnhandleableJobException {
        JsonNode node = data.get("argv");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new UnhandleableJobException("exec job has no data.argv (a non-empty array of strings)");
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode part : node) {
            if (!part.isTextual() && !part.isNumber()) {
                throw new UnhandleableJobException("exec job's data.argv must hold only strings");
            }
            argv.add(part.asText());
        }
        return argv;
    }

    private static void writeInput(Process process, JsonNode input) {
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null && !input.isNull()) stdin.write(Json.write(input).getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the program did not read its stdin; that is its choice
        }
    }

    /** SIGTERM to the process and every descendant, then SIGKILL to whatever is left after the grace. */
    static void terminateTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(KILL_GRACE_SECONDS);
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception ignored) {
                // still alive: killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
