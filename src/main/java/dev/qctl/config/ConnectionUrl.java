package dev.qctl.config;

import dev.qctl.queue.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed connection URL: {@code sqlite:PATH}, {@code postgres://…}, {@code mysql://…},
 * {@code mariadb://…}. Query parameters qctl understands ({@code retry_after}) are taken out;
 * the rest are passed to the driver. {@link #redacted()} is the only form ever printed.
 */
public record ConnectionUrl(
        Kind kind,
        String original,
        String host,
        int port,
        String database,
        String user,
        String password,
        Path sqliteFile,
        Duration retryAfter,
        Map<String, String> driverParams) {

    /** Laravel's shipped config uses 90 seconds. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(90);

    public enum Kind {
        SQLITE("sqlite"),
        POSTGRES("postgres"),
        MYSQL("mysql");

        /** The connection name recorded in failed_jobs.connection when none is configured. */
        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** The embedded default: a SQLite file under the XDG data directory. */
    public static ConnectionUrl defaultSqlite() {
        Path file = DataDirs.defaultSqliteFile();
        return new ConnectionUrl(Kind.SQLITE, "sqlite:" + file, null, 0, null, null, null, file,
                DEFAULT_RETRY_AFTER, Map.of());
    }

    public static ConnectionUrl parse(String text) {
        if (text == null || text.isBlank()) throw new UsageException("connection URL is empty");
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon).toLowerCase();
        return switch (scheme) {
            case "sqlite" -> parseSqlite(text);
            case "postgres", "postgresql" -> parseServer(text, Kind.POSTGRES, 5432);
            case "mysql", "mariadb" -> parseServer(text, Kind.MYSQL, 3306);
            case "redis", "rediss", "redis-sentinel" -> throw new UsageException(
                    "redis connections are not supported by this build yet: " + redact(text));
            default -> throw new UsageException("unknown connection '" + redact(text)
                    + "': expected sqlite:PATH, postgres://…, mysql://… or mariadb://…");
        };
    }

    private static ConnectionUrl parseSqlite(String text) {
        String rest = text.substring("sqlite:".length());
        if (rest.startsWith("//")) rest = rest.substring(2); // sqlite:///abs/path and sqlite://rel
        int q = rest.indexOf('?');
        Map<String, String> params = q < 0 ? new LinkedHashMap<>() : query(rest.substring(q + 1), text);
        String file = q < 0 ? rest : rest.substring(0, q);
        if (file.isBlank()) throw new UsageException("connection '" + text + "' names no file: use sqlite:PATH");
        Duration retryAfter = retryAfter(params, text);
        Path path = Path.of(file).toAbsolutePath().normalize();
        return new ConnectionUrl(Kind.SQLITE, text, null, 0, null, null, null, path, retryAfter, Map.copyOf(params));
    }

    private static ConnectionUrl parseServer(String text, Kind kind, int defaultPort) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("malformed connection URL '" + redact(text) + "': " + e.getReason());
        }
        if (uri.getHost() == null) throw new UsageException("connection URL '" + redact(text) + "' names no host");
        String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (db.isEmpty()) throw new UsageException("connection URL '" + redact(text) + "' names no database");
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            if (parts.length == 2) password = decode(parts[1]);
        }
        Map<String, String> params = uri.getRawQuery() == null ? new LinkedHashMap<>() : query(uri.getRawQuery(), text);
        Duration retryAfter = retryAfter(params, text);
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort;
        return new ConnectionUrl(kind, text, uri.getHost(), port, db, user, password, null, retryAfter,
                Map.copyOf(params));
    }

    private static Duration retryAfter(Map<String, String> params, String text) {
        String value = params.remove("retry_after");
        if (value == null) return DEFAULT_RETRY_AFTER;
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 1) throw new NumberFormatException();
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new UsageException("retry_after in '" + redact(text) + "' must be a whole number of seconds ≥ 1");
        }
    }

    private static Map<String, String> query(String raw, String text) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            String[] kv = pair.split("=", 2);
            if (kv[0].isEmpty()) throw new UsageException("malformed query in connection URL '" + redact(text) + "'");
            params.put(decode(kv[0]), kv.length == 2 ? decode(kv[1]) : "");
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced by {@code ***}: the only form qctl prints. */
    public String redacted() {
        return redact(original);
    }

    /** Masks the password part of {@code scheme://user:password@host}, and password-like query values. */
    public static String redact(String url) {
        if (url == null) return null;
        String masked = url.replaceAll("(://[^/@:]*:)[^/@]*@", "$1***@");
        return masked.replaceAll("(?i)([?&](password|pass|pwd|secret)=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
