package dev.qctl.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A MariaDB server of a test's own (mariadb-install-db in a temp dir, a free loopback port, root
 * with an empty password and real grant tables, so a wrong password is refused), for tests that
 * crash the store: {@link #kill} is kill -9; InnoDB flushes its log at every commit, so what was
 * acknowledged survives. The shared my.cnf is not read ({@code --no-defaults}).
 */
public final class PrivateMariadb implements RestartableStore, AutoCloseable {
    /** The database its URL names, created (if missing) each time the server starts. */
    public static final String DATABASE = "ledger";

    private final Path dir;
    private final int port;
    private Process process;

    private PrivateMariadb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A fresh server, started. */
    public static PrivateMariadb start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("qctl-mariadb-");
        Files.writeString(dir.resolve("init.sql"), "CREATE DATABASE IF NOT EXISTS " + DATABASE + ";\n");
        PrivateMariadb m = new PrivateMariadb(dir, PrivateRedis.freePort());
        List<String> install = new ArrayList<>(List.of(
                program("mariadb-install-db"),
                "--no-defaults",
                "--datadir=" + m.data(),
                "--auth-root-authentication-method=normal",
                "--skip-test-db"));
        m.asRoot(install);
        Path out = dir.resolve("install.out");
        Process p = new ProcessBuilder(install)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (p.waitFor() != 0) throw new IOException("mariadb-install-db failed: " + Qctl.read(out));
        m.launch();
        return m;
    }

    public int port() {
        return port;
    }

    /** A {@code mariadb://} URL as root (no password) to {@link #DATABASE}, with {@code query} appended. */
    public String url(String query) {
        return "mariadb://root@127.0.0.1:" + port + "/" + DATABASE + query;
    }

    @Override
    public void launch() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                program("mariadbd"),
                "--no-defaults",
                "--datadir=" + data(),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mariadb.sock"),
                "--pid-file=" + dir.resolve("mariadb.pid"),
                "--log-error=" + dir.resolve("error.log"),
                "--init-file=" + dir.resolve("init.sql"),
                "--innodb-flush-log-at-trx-commit=1",
                "--max-connections=500"));
        asRoot(cmd);
        Process started = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        process = started;
        await("mariadbd to listen on " + port)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!started.isAlive())
                        throw new IOException("mariadbd exited: " + Qctl.read(dir.resolve("error.log")));
                    return PrivateRedis.listens(port);
                });
    }

    /** kill -9, as a crash would. */
    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (process != null && process.isAlive()) kill();
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** The program from Debian's folders (a non-root PATH often lacks /usr/sbin), else by name on PATH. */
    private static String program(String name) {
        for (String folder : List.of("/usr/sbin", "/usr/bin")) {
            Path p = Path.of(folder, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        return name;
    }

    /** mariadbd refuses to run as root unless told to. */
    private static void asRoot(List<String> cmd) {
        if ("root".equals(System.getProperty("user.name"))) cmd.add("--user=root");
    }
}
