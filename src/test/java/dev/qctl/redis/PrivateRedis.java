package dev.qctl.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of a test's own, on a free port in a temp dir, for tests that restart the
 * store or need TLS/ACL settings the shared server must not get. Append-only with fsync on
 * every write, so a restart keeps every acknowledged push.
 */
final class PrivateRedis implements AutoCloseable {
    final Path dir;
    final int port;
    private final List<String> extra;
    private final boolean tls;
    private Process process;

    private PrivateRedis(Path dir, int port, boolean tls, List<String> extra) {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.extra = extra;
    }

    /** Plain TCP, AOF with appendfsync always. */
    static PrivateRedis start(Path dir) throws IOException, InterruptedException {
        PrivateRedis r = new PrivateRedis(dir, freePort(), false, List.of());
        r.launch();
        return r;
    }

    /** Plain TCP with extra server options (e.g. cluster mode). */
    static PrivateRedis start(Path dir, List<String> extra) throws IOException, InterruptedException {
        PrivateRedis r = new PrivateRedis(dir, freePort(), false, extra);
        r.launch();
        return r;
    }

    /** TLS only (no plain port), with the given PEM files; clients need no certificate of their own. */
    static PrivateRedis startTls(Path dir, Path cert, Path key, Path ca) throws IOException, InterruptedException {
        PrivateRedis r = new PrivateRedis(dir, freePort(), true, List.of("--tls-cert-file", cert.toString(),
                "--tls-key-file", key.toString(), "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"));
        r.launch();
        return r;
    }

    void launch() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", tls ? "--tls-port" : "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always",
                "--save", "", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        if (tls) cmd.addAll(List.of("--port", "0"));
        cmd.addAll(extra);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IOException("redis-server exited: " + Files.readString(dir.resolve("stdout.log")));
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(50); // listening; give AOF loading a moment
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not start on port " + port);
    }

    /** SIGKILL, as a crash or power cut would (AOF with fsync always keeps acknowledged writes). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String url(String path) {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
