package dev.qctl.queue;

import dev.qctl.base.Secrets;
import dev.qctl.base.UsageException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed connection URL, the same shape for every store. Which schemes exist, and what a
 * URL of each must hold, is up to the store's {@link QueueConnector}; this record only carries
 * the pieces and the grammar the stores share ({@link #query}, {@link #hostList}).
 *
 * <p>{@code retry_after} is understood for every store and taken out of the query; the other
 * query parameters stay in {@link #driverParams()} for the store to read or pass on.
 * {@link #redacted()} is the only form ever printed.
 *
 * @param family   the store family: {@code sqlite}, {@code postgres}, {@code mysql}, {@code redis}
 * @param hosts    every {@code host:port} (several for Redis Sentinel and Cluster); empty for a file
 * @param database the database name or number; null for a file
 * @param file     the store's file, for file stores; null otherwise
 * @param name     the connection's name as Laravel knows it, recorded in failed_jobs and shown by
 *                 {@code monitor}: qctl.yml's {@code laravel_name}, else the connection's name there;
 *                 null for a bare URL, which gets Laravel's default name for its store
 */
public record ConnectionUrl(
        String family,
        String original,
        List<String> hosts,
        String database,
        String user,
        String password,
        Path file,
        Duration retryAfter,
        Map<String, String> driverParams,
        String name) {

    /** Laravel's shipped config uses 90 seconds. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(90);

    public ConnectionUrl {
        hosts = List.copyOf(hosts);
        driverParams = Map.copyOf(driverParams);
    }

    /** A URL as typed, with no connection name yet. */
    public ConnectionUrl(
            String family,
            String original,
            List<String> hosts,
            String database,
            String user,
            String password,
            Path file,
            Duration retryAfter,
            Map<String, String> driverParams) {
        this(family, original, hosts, database, user, password, file, retryAfter, driverParams, null);
    }

    /** The name to record for this connection, or {@code laravelDefault} when it has none. */
    public String nameOr(String laravelDefault) {
        return name != null ? name : laravelDefault;
    }

    /** The same connection under a name (see {@code name}). */
    public ConnectionUrl named(String connectionName) {
        return new ConnectionUrl(
                family, original, hosts, database, user, password, file, retryAfter, driverParams, connectionName);
    }

    /** The URL's scheme in lower case ({@code rediss}, {@code redis-sentinel}, {@code postgres}…). */
    public String scheme() {
        return schemeOf(original);
    }

    /** The first host, or null for a file store. */
    public String host() {
        return hosts.isEmpty() ? null : hostPart(hosts.getFirst());
    }

    /** The first host's port, or 0 for a file store. */
    public int port() {
        return hosts.isEmpty()
                ? 0
                : Integer.parseInt(hosts.getFirst().substring(hosts.getFirst().lastIndexOf(':') + 1));
    }

    /** The same connection with the password and retry_after that qctl.yml gave it. */
    public ConnectionUrl with(String password, Duration retryAfter) {
        return new ConnectionUrl(
                family, original, hosts, database, user, password, file, retryAfter, driverParams, name);
    }

    /** The URL with any password replaced by {@code ***}: the only form qctl prints. */
    public String redacted() {
        return Secrets.url(original);
    }

    @Override
    public String toString() {
        return redacted();
    }

    /** The lower-case scheme of a URL text, or "" if it has none. */
    public static String schemeOf(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? "" : text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    }

    /** Takes {@code retry_after} out of {@code params} (whole seconds ≥ 1; default 90). */
    public static Duration retryAfter(Map<String, String> params, String text) {
        String value = params.remove("retry_after");
        if (value == null) return DEFAULT_RETRY_AFTER;
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 1) throw new NumberFormatException();
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "retry_after in '" + Secrets.url(text) + "' must be a whole number of seconds ≥ 1");
        }
    }

    /** A raw query string ({@code a=1&b=x%20y}) decoded into an ordered, mutable map. */
    public static Map<String, String> query(String raw, String text) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null) return params;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            String[] kv = pair.split("=", 2);
            if (kv[0].isEmpty())
                throw new UsageException("malformed query in connection URL '" + Secrets.url(text) + "'");
            params.put(decode(kv[0]), kv.length == 2 ? decode(kv[1]) : "");
        }
        return params;
    }

    /**
     * A comma-separated {@code host[:port]} list as {@code host:port} pairs; IPv6 hosts keep
     * their brackets.
     */
    public static List<String> hostList(String authority, int defaultPort, String text) {
        List<String> hosts = new ArrayList<>();
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
                    throw new UsageException("bad port in connection URL '" + Secrets.url(text) + "'");
                }
            }
            if (host.isBlank()) throw new UsageException("connection URL '" + Secrets.url(text) + "' names no host");
            hosts.add(host + ":" + port);
        }
        if (hosts.isEmpty()) throw new UsageException("connection URL '" + Secrets.url(text) + "' names no host");
        return hosts;
    }

    public static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String hostPart(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }
}
