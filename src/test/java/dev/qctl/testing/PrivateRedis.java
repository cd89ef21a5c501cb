package dev.qctl.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of a test's own, on a free port in a temp dir, for tests that restart the
 * store or need TLS/ACL settings the shared server must not get. Append-only with fsync on
 * every write, so a restart keeps every acknowledged push.
 */
public final class PrivateRedis implements RestartableStore, AutoCloseable {
    private final Path dir;
    private final int port;
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
    public static PrivateRedis start(Path dir) throws IOException, InterruptedException {
        PrivateRedis r = new PrivateRedis(dir, freePort(), false, List.of());
        r.launch();
        return r;
    }

    /** Plain TCP with extra server options (e.g. cluster mode). */
    public static PrivateRedis start(Path dir, List<String> extra) throws IOException, InterruptedException {
        PrivateRedis r = new PrivateRedis(dir, freePort(), false, extra);
        r.launch();
        return r;
    }

    /** TLS only (no plain port), with the given PEM files; clients need no certificate of their own. */
    public static PrivateRedis startTls(Path dir, Path cert, Path key, Path ca)
            throws IOException, InterruptedException {
        PrivateRedis r = new PrivateRedis(
                dir,
                freePort(),
                true,
                List.of(
                        "--tls-cert-file",
                        cert.toString(),
                        "--tls-key-file",
                        key.toString(),
                        "--tls-ca-cert-file",
                        ca.toString(),
                        "--tls-auth-clients",
                        "no"));
        r.launch();
        return r;
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again, after {@link #kill}: same port and dir, so the AOF brings the data back). */
    @Override
    public void launch() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "redis-server",
                tls ? "--tls-port" : "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--daemonize",
                "no",
                "--logfile",
                dir.resolve("redis.log").toString()));
        if (tls) cmd.addAll(List.of("--port", "0"));
        cmd.addAll(extra);
        Process started = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        process = started;
        await("redis-server to listen on " + port)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!started.isAlive())
                        throw new IOException("redis-server exited: " + Qctl.read(dir.resolve("stdout.log")));
                    return listens(port);
                });
        Thread.sleep(50); // listening; give AOF loading a moment (a TLS port answers no plain PING to wait on)
    }

    /** SIGKILL, as a crash or power cut would (AOF with fsync always keeps acknowledged writes). */
    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** This server's URL, {@code redis://} or {@code rediss://}, with {@code path} (database and query) appended. */
    public String url(String path) {
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

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether something accepts TCP connections on this loopback port. */
    public static boolean listens(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
