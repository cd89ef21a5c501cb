package dev.qctl.redis;

import dev.qctl.base.Secrets;
import dev.qctl.base.UsageException;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueConnector;
import java.util.List;
import java.util.Map;

/**
 * The Redis URL forms:
 * <ul>
 *   <li>{@code redis://[user:pass@]host[:port][/db]} and {@code rediss://…} (TLS)</li>
 *   <li>{@code redis-sentinel://[user:pass@]host:port[,host2:port2…][/db]?master=NAME}</li>
 *   <li>{@code redis-cluster://[user:pass@]host:port[,host2:port2…]} (or {@code ?cluster=true} on
 *       {@code redis://}/{@code rediss://}); queue names are then hash-tagged {@code {NAME}}</li>
 * </ul>
 * The authority may list several {@code host:port} pairs, which {@link java.net.URI} cannot
 * parse, so it is split by hand. The path is the database index (default 0). Redis query
 * parameters ({@code prefix}, {@code block_for}, {@code timeout}, {@code verify},
 * {@code sslrootcert}, {@code master}, {@code cluster}) are read by {@link RedisEndpoint}.
 */
public final class RedisConnector implements QueueConnector {

    @Override
    public List<String> schemes() {
        return List.of("redis", "rediss", "redis-sentinel", "redis-cluster");
    }

    @Override
    public String example() {
        return "redis://…";
    }

    @Override
    public ConnectionUrl parse(String text) {
        String scheme = ConnectionUrl.schemeOf(text);
        String rest = text.substring(scheme.length() + 1);
        if (!rest.startsWith("//")) {
            throw new UsageException(
                    "malformed connection URL '" + Secrets.url(text) + "': expected " + scheme + "://host:port");
        }
        rest = rest.substring(2);
        int q = rest.indexOf('?');
        Map<String, String> params = ConnectionUrl.query(q < 0 ? null : rest.substring(q + 1), text);
        if (q >= 0) rest = rest.substring(0, q);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String db = slash < 0 ? "" : rest.substring(slash + 1);
        if (db.isEmpty()) db = "0";
        if (!db.chars().allMatch(Character::isDigit) || db.length() > 5) {
            throw new UsageException("the database in '" + Secrets.url(text) + "' must be a number (e.g. /0)");
        }
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String[] parts = authority.substring(0, at).split(":", 2);
            user = parts[0].isEmpty() ? null : ConnectionUrl.decode(parts[0]);
            if (parts.length == 2) password = ConnectionUrl.decode(parts[1]);
            authority = authority.substring(at + 1);
        }
        List<String> hosts = ConnectionUrl.hostList(authority, scheme.equals("redis-sentinel") ? 26379 : 6379, text);
        if (scheme.equals("redis-sentinel") && params.getOrDefault("master", "").isBlank()) {
            throw new UsageException(
                    "connection URL '" + Secrets.url(text) + "' needs ?master=NAME (the Sentinel master name)");
        }
        return new ConnectionUrl(
                "redis", text, hosts, db, user, password, null, ConnectionUrl.retryAfter(params, text), params);
    }

    /** One multiplexed Redis connection serves any number of concurrent callers, so the pool size is moot. */
    @Override
    public QueueBackend open(ConnectionUrl url, int poolSize, Creation creation) {
        return new RedisQueueBackend(url);
    }

    /** Redis needs no migration: its keys come into being as jobs are pushed. */
    @Override
    public QueueBackend openForMigration(ConnectionUrl url) {
        return new RedisQueueBackend(url);
    }
}
