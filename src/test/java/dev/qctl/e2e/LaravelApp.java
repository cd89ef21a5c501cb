package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Laravel 8 app (src/test/laravel, on Debian's php-laravel-framework) copied into a test's
 * folder with qctl's shipped {@code dist/laravel/QctlFireCommand.php} installed as a user would,
 * driven through real {@code php artisan} processes. Its settings come from the environment
 * ({@link #env()}): a SQLite file, or a Redis database for the queue and the cache.
 */
final class LaravelApp implements AutoCloseable {
    private static final Path SOURCE = Path.of("src/test/laravel").toAbsolutePath();
    private static final Path FIRE_COMMAND =
            Path.of("dist/laravel/QctlFireCommand.php").toAbsolutePath();

    private final Path root;
    private final Map<String, String> env = new HashMap<>();
    private final List<Process> started = new ArrayList<>();

    /** A Laravel app on the SQLite file {@code database} (queue, failed jobs and cache all there). */
    static LaravelApp onSqlite(Path dir, Path database) throws IOException {
        LaravelApp app = new LaravelApp(dir);
        Files.createFile(database);
        app.env.put("DB_CONNECTION", "sqlite");
        app.env.put("DB_DATABASE", database.toString());
        app.env.put("QUEUE_CONNECTION", "database");
        app.env.put("CACHE_DRIVER", "database");
        app.artisanOk("migrate", "--force");
        return app;
    }

    /** As {@link #onSqlite}, with the queue and the cache on the Redis database of {@code redisUrl}. */
    static LaravelApp onRedis(Path dir, Path database, String redisUrl) throws IOException {
        return onRedis(dir, database, redisUrl, null);
    }

    /**
     * As {@link #onRedis(Path, Path, String)}, with the cache in Redis database {@code cacheDb}
     * (REDIS_CACHE_DB) instead of the queue's, under a cache prefix of its own; null = the queue's.
     */
    static LaravelApp onRedis(Path dir, Path database, String redisUrl, String cacheDb) throws IOException {
        LaravelApp app = onSqlite(dir, database);
        URI u = URI.create(redisUrl.contains("?") ? redisUrl.substring(0, redisUrl.indexOf('?')) : redisUrl);
        String db = u.getPath() == null || u.getPath().length() <= 1
                ? "0"
                : u.getPath().substring(1);
        app.env.put("QUEUE_CONNECTION", "redis");
        app.env.put("CACHE_DRIVER", "redis");
        app.env.put("REDIS_HOST", u.getHost());
        app.env.put("REDIS_PORT", Integer.toString(u.getPort() < 0 ? 6379 : u.getPort()));
        app.env.put("REDIS_DB", db);
        // by default the cache keys sit beside the queue's, in the one Redis database the tests own
        app.env.put("REDIS_CACHE_DB", cacheDb == null ? db : cacheDb);
        if (cacheDb != null)
            app.env.put(
                    "CACHE_PREFIX", "qctl_test_" + UUID.randomUUID().toString().substring(0, 8));
        return app;
    }

    private LaravelApp(Path dir) throws IOException {
        this.root = dir.resolve("laravel-app");
        copyTree(SOURCE, root);
        Files.copy(FIRE_COMMAND, root.resolve("app/Console/Commands/QctlFireCommand.php"));
        env.put("JOBS_LOG", dir.resolve("jobs.log").toString());
        env.put("FAIL_FLAG", dir.resolve("fail.flag").toString());
    }

    Path artisan() {
        return root.resolve("artisan");
    }

    /** What the app reads its settings from; a qctl worker running its jobs needs the same. */
    Map<String, String> env() {
        return Map.copyOf(env);
    }

    Path jobsLog() {
        return Path.of(env.get("JOBS_LOG"));
    }

    Path failFlag() {
        return Path.of(env.get("FAIL_FLAG"));
    }

    /** The lines the app's jobs appended so far. */
    List<String> jobLines() throws IOException {
        return Files.exists(jobsLog()) ? Files.readAllLines(jobsLog()) : List.of();
    }

    record Result(int exit, String out) {}

    /** Runs {@code php artisan ARGS} to its end (stdout and stderr together). */
    Result artisan(String... args) throws IOException {
        Process p = builder(args).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(e);
        }
    }

    String artisanOk(String... args) throws IOException {
        Result r = artisan(args);
        assertThat(r.exit())
                .as("php artisan " + String.join(" ", args) + ":\n" + r.out())
                .isZero();
        return r.out();
    }

    /** Starts {@code php artisan ARGS}; its output goes to {@code log}. */
    Process start(Path log, String... args) throws IOException {
        Process p = builder(args).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    /** Polls (every 50 ms, at most {@code within}) until the jobs log holds {@code line}. */
    void awaitJobLine(String line, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!jobLines().contains(line) && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(jobLines()).contains(line);
    }

    private ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of("php", artisan().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        for (Process p : started) if (p.isAlive()) p.destroyForcibly();
    }
}
