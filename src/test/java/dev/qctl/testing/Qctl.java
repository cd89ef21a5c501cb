package dev.qctl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the packaged {@code bin/qctl} (failsafe sets {@code qctl.home}) as real processes, for
 * the end-to-end tests. Every process of one {@code Qctl} runs in the test's directory with
 * data, cache and config directories of its own there, so the default SQLite store and the
 * local signing key are the test's and never the machine user's; {@code extraEnv} adds to
 * (or, for {@code XDG_CONFIG_HOME}, overrides) that environment.
 *
 * <p>Each process's stdout and stderr are copied to files in the directory as they come, and
 * kept as lines; {@link #start(Consumer, String...)} also hands each stdout line to a callback
 * the moment it is printed, for a test that reacts to output as it comes.
 */
public final class Qctl implements AutoCloseable {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    private final Path bin;
    private final Path workDir;
    private final Map<String, String> env;
    private final List<Running> started = new ArrayList<>(); // guarded by itself

    /** The outcome of a finished command. */
    public record Result(int exit, String out, String err) {
        /** stderr's lines that are not blank. */
        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** A started process; its output is in {@link #outFile()} and {@link #errFile()} as it comes. */
    public static final class Running {
        private final Process process;
        private final CapturedOutput out;
        private final CapturedOutput err;

        private Running(Process process, CapturedOutput out, CapturedOutput err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        public Process process() {
            return process;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public Path outFile() {
            return out.file();
        }

        public Path errFile() {
            return err.file();
        }

        /** stdout so far, as printed. */
        public String stdout() {
            return out.text();
        }

        /** stderr so far, as printed. */
        public String stderr() {
            return err.text();
        }

        /** stdout's lines so far, blank ones included. */
        public List<String> stdoutLines() {
            return out.lines();
        }

        /** stderr's lines so far, blank ones included. */
        public List<String> stderrLines() {
            return err.lines();
        }

        /** Sends a POSIX signal (STOP, CONT, TERM, USR2…) to the process. */
        public void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).as("kill -" + name + " " + pid()).isZero();
        }

        /**
         * Waits for the process to exit and for the last of its output, and returns its exit
         * status; one still running after {@code within} is killed and fails the test.
         */
        public int waitFor(Duration within) throws InterruptedException {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(
                        "qctl did not exit within " + within + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
            }
            drain();
            return process.exitValue();
        }

        /** SIGKILL, as a crash would, then waits for the exit and the last of the output. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
            drain();
        }

        private void drain() throws InterruptedException {
            // the pipes close with the process (bin/qctl execs java; jobs get pipes of their own)
            out.drain(10_000);
            err.drain(10_000);
        }
    }

    public Qctl(Path workDir) {
        this(workDir, Map.of());
    }

    public Qctl(Path workDir, Map<String, String> extraEnv) {
        String home = System.getProperty("qctl.home");
        if (home == null) throw new IllegalStateException("qctl.home is not set: run the *IT tests through failsafe");
        this.bin = Path.of(home, "bin", "qctl");
        this.workDir = workDir;
        this.env = new HashMap<>(extraEnv);
        this.env.put("XDG_DATA_HOME", workDir.resolve("data").toString());
        this.env.put("XDG_CACHE_HOME", workDir.resolve("cache").toString());
        this.env.putIfAbsent("XDG_CONFIG_HOME", workDir.resolve("config").toString());
        StartupCache.copyInto(bin, workDir.resolve("cache"));
    }

    public Path dir() {
        return workDir;
    }

    /** The default SQLite store this test's processes share. */
    public Path defaultStore() {
        return workDir.resolve("data/qctl/qctl.sqlite");
    }

    /** Runs a command to its end (at most two minutes). */
    public Result run(String... args) throws IOException, InterruptedException {
        return finish(launch(null, null, args));
    }

    /** As {@link #run}, with {@code stdin} as the command's standard input. */
    public Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        return finish(launch(stdin, null, args));
    }

    /** Starts a command and returns at once. */
    public Running start(String... args) throws IOException {
        return launch(null, null, args);
    }

    /**
     * Starts a command and hands each line of its stdout to {@code onStdoutLine} as it is
     * printed, on a thread of the harness's: the callback must be thread-safe, and one that
     * throws fails the test at {@link Running#waitFor} or {@link Running#kill}.
     */
    public Running start(Consumer<String> onStdoutLine, String... args) throws IOException {
        return launch(null, onStdoutLine, args);
    }

    /** Kills whatever this harness started that is still running, so no test leaves a worker behind. */
    @Override
    public void close() throws InterruptedException {
        List<Running> all;
        synchronized (started) {
            all = List.copyOf(started);
        }
        for (Running r : all) if (r.isAlive()) r.kill();
    }

    private static Result finish(Running r) throws InterruptedException {
        int exit = r.waitFor(RUN_LIMIT);
        return new Result(exit, r.stdout(), r.stderr());
    }

    private Running launch(String stdin, Consumer<String> onStdoutLine, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(bin.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().remove("QCTL_CONNECTION");
        pb.environment().putAll(env);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        String name = "qctl-" + (args.length == 0 ? "" : args[0].replaceAll("[^A-Za-z0-9]", "") + "-");
        Path outFile = Files.createTempFile(workDir, name, ".out");
        Path errFile = Files.createTempFile(workDir, name, ".err");
        Process p = pb.start();
        Running running = new Running(
                p,
                new CapturedOutput(p.getInputStream(), outFile, onStdoutLine, "stdout of " + p.pid()),
                new CapturedOutput(p.getErrorStream(), errFile, null, "stderr of " + p.pid()));
        synchronized (started) {
            started.add(running);
        }
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return running;
    }

    /** A file's text, or "" while it does not exist yet (a job has not written it). */
    public static String read(Path file) {
        try {
            // lenient decoding: a read may catch a character the process is halfway through writing
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's lines that are not blank, or none while it does not exist yet. */
    public static List<String> lines(Path file) {
        return read(file).lines().filter(l -> !l.isBlank()).toList();
    }
}
