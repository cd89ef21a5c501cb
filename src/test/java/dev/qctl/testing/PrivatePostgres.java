package dev.qctl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own (initdb in a temp dir, trust authentication, a free
 * loopback port), for tests that crash the store: {@link #kill} is {@code pg_ctl stop -m
 * immediate}, which ends every backend without a checkpoint as a power cut would; committed
 * transactions survive it (fsync on). PostgreSQL refuses to run as root, so under root its
 * binaries run as the {@code postgres} user in a temp dir that user owns.
 */
public final class PrivatePostgres implements RestartableStore, AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private boolean running;

    private PrivatePostgres(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** A fresh cluster, started. */
    public static PrivatePostgres start() throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("qctl-pg-");
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
        }
        PrivatePostgres pg = new PrivatePostgres(dir, newestBin(), PrivateRedis.freePort(), root);
        pg.run("initdb", "-D", pg.data(), "-A", "trust", "-U", "postgres", "--no-sync");
        pg.launch();
        return pg;
    }

    public int port() {
        return port;
    }

    /** The URL of its {@code postgres} database, with {@code query} (e.g. "?retry_after=3") appended. */
    public String url(String query) {
        return "postgres://postgres@127.0.0.1:" + port + "/postgres" + query;
    }

    @Override
    public void launch() throws IOException, InterruptedException {
        run(
                "pg_ctl",
                "-D",
                data(),
                "-l",
                dir.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on",
                "-w",
                "-t",
                "60",
                "start");
        running = true;
    }

    /** {@code pg_ctl stop -m immediate}: every server process quits at once, no checkpoint (crash recovery on start). */
    @Override
    public void kill() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        running = false;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (running) kill();
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(String program, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.add(bin.resolve(program).toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve(program + ".out");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + Qctl.read(out));
    }

    /** The newest installed server's bin directory (Debian: /usr/lib/postgresql/VERSION/bin). */
    private static Path newestBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                    .max(Comparator.comparingInt(
                            v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException("no PostgreSQL server under /usr/lib/postgresql"))
                    .resolve("bin");
        }
    }
}
