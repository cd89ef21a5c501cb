package dev.qctl.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code bin/qctl} keeps in its cache directory to start fast (the class-data-sharing
 * archive, the SQLite native library), made once per test JVM and copied into each test's own
 * cache directory. Without it the first processes of every test start from cold and each writes
 * the archive again at exit: about 0.6 s more CPU per process, paid by every test and by each of
 * the 8-10 workers a crowd test starts at once. Only the launcher's speed changes: the copied
 * files are the ones the test's first process would have written (no test asserts on a cold cache
 * directory). {@code -Dqctl.it.coldCache=true} turns the copying off, to measure what it saves.
 */
final class StartupCache {
    private static Path seed; // guarded by StartupCache.class; null until made, or when making it failed

    private static boolean tried; // guarded by StartupCache.class

    private StartupCache() {}

    /** Copies the seed's files into {@code cacheHome}/qctl, where they are not there already. */
    static void copyInto(Path bin, Path cacheHome) {
        if (Boolean.getBoolean("qctl.it.coldCache")) return;
        Path from = seed(bin);
        if (from == null) return;
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = cacheHome.resolve(from.getParent().relativize(f));
                if (Files.exists(to)) continue;
                Files.createDirectories(to.getParent());
                // a private name, then renamed: a process starting meanwhile never reads half a file
                Path partial =
                        Files.createTempFile(to.getParent(), to.getFileName().toString(), ".partial");
                Files.copy(f, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code target/it-startup-cache/cache/qctl}, made by one `qctl work --stop-when-empty` on a
     * SQLite file (the classes of a worker and of the default store); null if it could not be made.
     */
    private static synchronized Path seed(Path bin) {
        if (tried) return seed;
        tried = true;
        try {
            Path root = bin.getParent().getParent().resolveSibling("it-startup-cache");
            deleteTree(root); // made afresh: a jar rebuilt since needs an archive of its own
            Path cache = Files.createDirectories(root.resolve("cache"));
            ProcessBuilder pb = new ProcessBuilder(List.of(
                            bin.toString(),
                            "work",
                            "-c",
                            "sqlite:" + root.resolve("seed.sqlite"),
                            "--stop-when-empty",
                            "--sleep",
                            "0.1"))
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(root.resolve("seed.out").toFile())
                    .redirectError(root.resolve("seed.err").toFile());
            pb.environment().remove("QCTL_CONNECTION");
            pb.environment().put("XDG_CACHE_HOME", cache.toString());
            pb.environment().put("XDG_DATA_HOME", root.resolve("data").toString());
            pb.environment().put("XDG_CONFIG_HOME", root.resolve("config").toString());
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return null;
            }
            Path qctl = cache.resolve("qctl");
            try (Stream<Path> jsa = Files.list(qctl)) {
                if (p.exitValue() != 0 || jsa.noneMatch(f -> f.toString().endsWith(".jsa"))) return null;
            }
            seed = qctl;
        } catch (IOException e) {
            seed = null; // the tests still run, each making its own cache as before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return seed;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
