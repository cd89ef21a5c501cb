package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the packaged {@code bin/qctl} as real processes, each with a private data directory
 * (so the default SQLite store is the test's own) and its output captured in files.
 */
final class Qctl {
    private final Path home;
    private final Path workDir;
    private final Map<String, String> env;

    /** The outcome of a finished command. */
    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** A started process whose output goes to files. */
    record Running(Process process, Path out, Path err) {
        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        long pid() {
            return process.pid();
        }

        int waitFor(Duration within) throws InterruptedException {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("qctl did not exit within " + within + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
            }
            return process.exitValue();
        }
    }

    Qctl(Path workDir) {
        this(workDir, Map.of());
    }

    Qctl(Path workDir, Map<String, String> extraEnv) {
        String home = System.getProperty("qctl.home");
        if (home == null) throw new IllegalStateException("qctl.home is not set: run end-to-end tests through `mvnw verify`");
        this.home = Path.of(home);
        this.workDir = workDir;
        this.env = new java.util.HashMap<>(extraEnv);
        this.env.put("XDG_DATA_HOME", workDir.resolve("data").toString());
        this.env.put("XDG_CACHE_HOME", workDir.resolve("cache").toString());
        this.env.putIfAbsent("XDG_CONFIG_HOME", workDir.resolve("config").toString());
    }

    Path dir() {
        return workDir;
    }

    /** The default SQLite store this test's processes share. */
    Path defaultStore() {
        return workDir.resolve("data/qctl/qctl.sqlite");
    }

    Result run(String... args) throws IOException, InterruptedException {
        Running r = start(args);
        int exit = r.waitFor(Duration.ofSeconds(120));
        return new Result(exit, r.stdout(), r.stderr());
    }

    Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        Running r = start(stdin, args);
        int exit = r.waitFor(Duration.ofSeconds(120));
        return new Result(exit, r.stdout(), r.stderr());
    }

    Running start(String... args) throws IOException {
        return start(null, args);
    }

    private Running start(String stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/qctl").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "qctl-", ".out");
        Path err = Files.createTempFile(workDir, "qctl-", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("QCTL_CONNECTION");
        pb.environment().putAll(env);
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Running(p, out, err);
    }

    /** Sends a POSIX signal (STOP, CONT, TERM, KILL…) to a process. */
    static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    static void await(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out after " + within + " waiting for " + what);
            Thread.sleep(50);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        return read(file).lines().filter(l -> !l.isBlank()).toList();
    }
}
