package dev.qctl.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A real {@code bin/qctl} process (failsafe sets {@code qctl.home}), with its output collected line by line. */
final class QctlProcess {
    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private QctlProcess(Process process, Consumer<String> onOut) {
        this.process = process;
        this.outReader = pump(process.inputReader(StandardCharsets.UTF_8), line -> {
            out.add(line);
            if (onOut != null) onOut.accept(line);
        });
        this.errReader = pump(process.errorReader(StandardCharsets.UTF_8), err::add);
    }

    static Path bin() {
        String home = System.getProperty("qctl.home");
        if (home == null) throw new IllegalStateException("qctl.home is not set: run the *IT tests through failsafe");
        return Path.of(home, "bin", "qctl");
    }

    static QctlProcess start(Consumer<String> onOut, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("QCTL_CONNECTION");
        return new QctlProcess(pb.start(), onOut);
    }

    /** Runs a command to its end and returns it (exit code in {@link #exit()}). */
    static QctlProcess run(String... args) throws IOException, InterruptedException {
        QctlProcess p = start(null, args);
        p.waitFor(Duration.ofSeconds(60));
        return p;
    }

    boolean waitFor(Duration max) throws InterruptedException {
        boolean done = process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        if (done) {
            outReader.join(2000);
            errReader.join(2000);
        }
        return done;
    }

    int exit() {
        return process.exitValue();
    }

    String outText() {
        return String.join("\n", out);
    }

    String errText() {
        return String.join("\n", err);
    }

    private static Thread pump(BufferedReader reader, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = reader) {
                String line;
                while ((line = r.readLine()) != null) sink.accept(line);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

}
