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
 * {@code mariadb://…}, or one of the Redis forms:
 * <ul>
 *   <li>{@code redis://[user:pass@]host[:port][/db]} and {@code rediss://…} (TLS)</li>
 *   <li>{@code redis-sentinel://[user:pass@]host:port[,host2:port2…][/db]?master=NAME}</li>
 *   <li>{@code redis-cluster://[user:pass@]host:port[,host2:port2…]} (or {@code ?cluster=true} on
 *       {@code redis://}/{@code rediss://}); queue names are then hash-tagged {@code {NAME}}</li>
 * </ul>
 * Redis query parameters ({@code prefix}, {@code block_for}, {@code timeout}, {@code verify},
 * {@code sslrootcert}, {@code master}, {@code cluster}) stay in {@link #driverParams()} for the
 * Redis backend to read. Query parameters qctl understands for every store ({@code retry_after})
 * are taken out; the rest are passed to the driver. {@link #redacted()} is the only form ever printed.
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
        MYSQL("mysql"),
        REDIS("redis");

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
            case "redis", "rediss", "redis-sentinel", "redis-cluster" -> parseRedis(text, scheme);
            default -> throw new UsageException("unknown connection '" + redact(text)
                    + "': expected sqlite:PATH, postgres://…, mysql://…, mariadb://… or redis://…");
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

    /**
     * Redis URLs. The authority may list several {@code host:port} pairs (Sentinel, Cluster), which
     * {@link URI} cannot parse, so it is split by hand; {@link #host()}/{@link #port()} hold the first
     * pair and {@link #redisHosts()} all of them. The path is the database index (default 0).
     */
    private static ConnectionUrl parseRedis(String text, String scheme) {
        String rest = text.substring(scheme.length() + 1);
        if (!rest.startsWith("//")) throw new UsageException("malformed connection URL '" + redact(text) + "': expected " + scheme + "://host:port");
        rest = rest.substring(2);
        int q = rest.indexOf('?');
        Map<String, String> params = q < 0 ? new LinkedHashMap<>() : query(rest.substring(q + 1), text);
        if (q >= 0) rest = rest.substring(0, q);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String db = slash < 0 ? "" : rest.substring(slash + 1);
        if (db.isEmpty()) db = "0";
        if (!db.chars().allMatch(Character::isDigit) || db.length() > 5) {
            throw new UsageException("the database in '" + redact(text) + "' must be a number (e.g. /0)");
        }
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String[] parts = authority.substring(0, at).split(":", 2);
            user = parts[0].isEmpty() ? null : decode(parts[0]);
            if (parts.length == 2) password = decode(parts[1]);
            authority = authority.substring(at + 1);
        }
        java.util.List<String> hosts = redisHosts(authority, text);
        if (scheme.equals("redis-sentinel") && params.getOrDefault("master", "").isBlank()) {
            throw new UsageException("connection URL '" + redact(text) + "' needs ?master=NAME (the Sentinel master name)");
        }
        Duration retryAfter = retryAfter(params, text);
        String first = hosts.getFirst();
        int colon = first.lastIndexOf(':');
        return new ConnectionUrl(Kind.REDIS, text, first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)),
                db, user, password, null, retryAfter, Map.copyOf(params));
    }

    /** Every {@code host:port} of a Redis URL, default port 6379 (26379 for Sentinel). */
    private static java.util.List<String> redisHosts(String authority, String text) {
        int defaultPort = text.toLowerCase().startsWith("redis-sentinel:") ? 26379 : 6379;
        java.util.List<String> hosts = new java.util.ArrayList<>();
        for (String hp : authority.split(",")) {
            if (hp.isBlank()) continue;
            String host = hp;
            int port = defaultPort;
            int colon = hp.lastIndexOf(':');
            if (colon >= 0 && !hp.endsWith("]")) {
                host = hp.substring(0, colon);
                try {
                    port = Integer.parseInt(hp.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new UsageException("bad port in connection URL '" + redact(text) + "'");
                }
            }
            if (host.isBlank()) throw new UsageException("connection URL '" + redact(text) + "' names no host");
            hosts.add(host + ":" + port);
        }
        if (hosts.isEmpty()) throw new UsageException("connection URL '" + redact(text) + "' names no host");
        return hosts;
    }

    /** The {@code host:port} pairs of a Redis URL (one unless Sentinel or Cluster); empty for other stores. */
    public java.util.List<String> redisHosts() {
        if (kind != Kind.REDIS) return java.util.List.of();
        String rest = original.substring(original.indexOf("://") + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?'}) {
            int i = rest.indexOf(c);
            if (i >= 0) end = Math.min(end, i);
        }
        String authority = rest.substring(0, end);
        return redisHosts(authority.substring(authority.lastIndexOf('@') + 1), original);
    }

    /** The URL's scheme in lower case ({@code rediss}, {@code redis-sentinel}, {@code postgres}…). */
    public String scheme() {
        int colon = original.indexOf(':');
        return colon < 0 ? "" : original.substring(0, colon).toLowerCase();
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
        // greedy up to the last '@' before the path: a password may itself contain '@'
        String masked = url.replaceAll("(://[^/@:]*:)[^/]*@", "$1***@");
        return masked.replaceAll("(?i)([?&][a-z_]*(password|pass|pwd|secret)=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
