package dev.qctl.redis;

import dev.qctl.base.UsageException;
import dev.qctl.queue.ConnectionUrl;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach a Redis deployment, read from a {@link ConnectionUrl}: standalone, Sentinel or
 * Cluster, TLS, ACL credentials and qctl's own Redis parameters.
 *
 * <p>Query parameters: {@code prefix} (key prefix, default empty), {@code block_for} (longest
 * blocking wait of an idle worker in seconds, default 5; 0 = never block, poll with {@code --sleep}),
 * {@code timeout} (command and connect timeout in seconds, default 10), {@code verify}
 * ({@code full} (default), {@code ca} or {@code none}: TLS peer verification),
 * {@code sslrootcert} (PEM file of CA certificates to trust instead of the JVM's),
 * {@code master} (Sentinel master name), {@code sentinel_password}, {@code cluster=true}.
 */
record RedisEndpoint(
        List<RedisURI> uris, boolean cluster, String prefix, Duration timeout, Double blockFor, SslOptions ssl) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static RedisEndpoint of(ConnectionUrl url) {
        Map<String, String> params = url.driverParams();
        String scheme = url.scheme();
        boolean tls = scheme.equals("rediss") || "true".equalsIgnoreCase(params.get("tls"));
        boolean cluster = scheme.equals("redis-cluster") || "true".equalsIgnoreCase(params.get("cluster"));
        boolean sentinel = scheme.equals("redis-sentinel");
        Duration timeout = seconds(params.get("timeout"), "timeout", url, DEFAULT_TIMEOUT);
        String block = params.get("block_for");
        Double blockFor =
                block == null ? null : seconds(block, "block_for", url, null).toMillis() / 1000.0;
        SslVerifyMode verify = switch (params.getOrDefault("verify", "full").toLowerCase(Locale.ROOT)) {
            case "full", "verify-full" -> SslVerifyMode.FULL;
            case "ca", "verify-ca" -> SslVerifyMode.CA;
            case "none", "false", "off" -> SslVerifyMode.NONE;
            default -> throw new UsageException("verify in '" + url.redacted() + "' must be full, ca or none");
        };
        SslOptions ssl = null;
        String rootCert = params.get("sslrootcert");
        if (rootCert != null) {
            File file = new File(rootCert);
            if (!file.canRead()) throw new UsageException("sslrootcert file " + rootCert + " cannot be read");
            ssl = SslOptions.builder().jdkSslProvider().trustManager(file).build();
        }

        List<RedisURI> uris = new ArrayList<>();
        List<String> hosts = url.hosts();
        int db = Integer.parseInt(url.database());
        if (sentinel) {
            String first = hosts.getFirst();
            CharSequence sentinelPassword = params.get("sentinel_password");
            RedisURI.Builder b = sentinelPassword == null
                    ? RedisURI.Builder.sentinel(host(first), port(first), params.get("master"))
                    : RedisURI.Builder.sentinel(host(first), port(first), params.get("master"), sentinelPassword);
            for (String hp : hosts.subList(1, hosts.size())) {
                if (sentinelPassword == null) b.withSentinel(host(hp), port(hp));
                else b.withSentinel(host(hp), port(hp), sentinelPassword);
            }
            uris.add(finish(b, url, tls, verify, db, timeout));
        } else if (cluster) {
            if (db != 0) throw new UsageException("Redis Cluster has only database 0: '" + url.redacted() + "'");
            for (String hp : hosts)
                uris.add(finish(RedisURI.Builder.redis(host(hp), port(hp)), url, tls, verify, 0, timeout));
        } else {
            if (hosts.size() > 1) {
                throw new UsageException(
                        "'" + url.redacted() + "' names several hosts: use redis-sentinel:// or redis-cluster://");
            }
            uris.add(finish(RedisURI.Builder.redis(url.host(), url.port()), url, tls, verify, db, timeout));
        }
        return new RedisEndpoint(List.copyOf(uris), cluster, params.getOrDefault("prefix", ""), timeout, blockFor, ssl);
    }

    private static RedisURI finish(
            RedisURI.Builder b, ConnectionUrl url, boolean tls, SslVerifyMode verify, int db, Duration timeout) {
        b.withSsl(tls).withVerifyPeer(verify).withDatabase(db).withTimeout(timeout);
        if (url.user() != null && url.password() != null) b.withAuthentication(url.user(), url.password());
        else if (url.password() != null) b.withPassword(url.password().toCharArray());
        return b.build();
    }

    private static Duration seconds(String value, String name, ConnectionUrl url, Duration fallback) {
        if (value == null) return fallback;
        try {
            double s = Double.parseDouble(value);
            if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) throw new NumberFormatException();
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new UsageException(name + " in '" + url.redacted() + "' must be a number of seconds ≥ 0");
        }
    }

    private static String host(String hostPort) {
        return hostPort.substring(0, hostPort.lastIndexOf(':'));
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
