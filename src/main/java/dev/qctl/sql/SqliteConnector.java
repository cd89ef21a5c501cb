package dev.qctl.sql;

import dev.qctl.base.StoreUnavailableException;
import dev.qctl.base.UsageException;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code sqlite:PATH}: the embedded store, whose file gets its tables on first use. */
public final class SqliteConnector implements QueueConnector {

    @Override
    public List<String> schemes() {
        return List.of("sqlite");
    }

    @Override
    public String example() {
        return "sqlite:PATH";
    }

    @Override
    public ConnectionUrl parse(String text) {
        String rest = text.substring("sqlite:".length());
        if (rest.startsWith("//")) rest = rest.substring(2); // sqlite:///abs/path and sqlite://rel
        int q = rest.indexOf('?');
        Map<String, String> params = ConnectionUrl.query(q < 0 ? null : rest.substring(q + 1), text);
        String file = q < 0 ? rest : rest.substring(0, q);
        if (file.isBlank()) throw new UsageException("connection '" + text + "' names no file: use sqlite:PATH");
        return file(text, Path.of(file), ConnectionUrl.retryAfter(params, text), params);
    }

    /** A SQLite connection to {@code file} with default settings (the embedded default store). */
    public static ConnectionUrl forFile(Path file) {
        return file("sqlite:" + file, file, ConnectionUrl.DEFAULT_RETRY_AFTER, Map.of());
    }

    private static ConnectionUrl file(
            String text, Path file, java.time.Duration retryAfter, Map<String, String> params) {
        return new ConnectionUrl(
                "sqlite",
                text,
                List.of(),
                null,
                null,
                null,
                file.toAbsolutePath().normalize(),
                retryAfter,
                params);
    }

    /**
     * Zero setup: a SQLite file that lacks the tables gets them (migrating takes the write lock,
     * so only then). A file that does not exist is created only when {@code creation} allows it.
     */
    @Override
    public QueueBackend open(ConnectionUrl url, int poolSize, Creation creation) {
        if (creation == Creation.MUST_EXIST && !Files.exists(url.file())) {
            throw new StoreUnavailableException(
                    "no store at " + url.file() + ": dispatch or work creates it, or run qctl migrate");
        }
        return SqlQueueBackend.open(url, new SqliteDialect(), poolSize, backend -> {
            if (!backend.hasTables()) backend.migrate();
        });
    }

    @Override
    public QueueBackend openForMigration(ConnectionUrl url) {
        return new SqlQueueBackend(url, new SqliteDialect(), 1);
    }

    @Override
    public boolean canRecordFailuresOfOthers() {
        return true;
    }
}
