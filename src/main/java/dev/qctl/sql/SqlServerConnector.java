package dev.qctl.sql;

import dev.qctl.base.Secrets;
import dev.qctl.base.UsageException;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueConnector;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * {@code postgres://} and {@code mysql://}/{@code mariadb://}: database servers, whose tables
 * {@code qctl migrate} creates once. {@code mysql://} uses MySQL Connector/J and
 * {@code mariadb://} the MariaDB driver, through the same dialect.
 */
public final class SqlServerConnector implements QueueConnector {

    @Override
    public List<String> schemes() {
        return List.of("postgres", "postgresql", "mysql", "mariadb");
    }

    @Override
    public String example() {
        return "postgres://…, mysql://…, mariadb://…";
    }

    @Override
    public ConnectionUrl parse(String text) {
        boolean postgres = ConnectionUrl.schemeOf(text).startsWith("postgres");
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("malformed connection URL '" + Secrets.url(text) + "': " + e.getReason());
        }
        if (uri.getHost() == null) {
            if (hasNonNumericPort(uri.getRawAuthority())) {
                throw new UsageException(
                        "connection URL '" + Secrets.url(text) + "' has a bad port: give a number from 1 to 65535");
            }
            throw new UsageException("connection URL '" + Secrets.url(text) + "' names no host");
        }
        if (uri.getPort() > 65535) {
            throw new UsageException(
                    "connection URL '" + Secrets.url(text) + "' has a bad port: give a number from 1 to 65535");
        }
        String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (db.isEmpty()) throw new UsageException("connection URL '" + Secrets.url(text) + "' names no database");
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = ConnectionUrl.decode(parts[0]);
            if (parts.length == 2) password = ConnectionUrl.decode(parts[1]);
        }
        Map<String, String> params = ConnectionUrl.query(uri.getRawQuery(), text);
        int port = uri.getPort() > 0 ? uri.getPort() : postgres ? 5432 : 3306;
        return new ConnectionUrl(
                postgres ? "postgres" : "mysql",
                text,
                List.of(uri.getHost() + ":" + port),
                db,
                user,
                password,
                null,
                ConnectionUrl.retryAfter(params, text),
                params);
    }

    @Override
    public QueueBackend open(ConnectionUrl url, int poolSize, Creation creation) {
        return SqlQueueBackend.open(url, dialect(url), poolSize, SqlQueueBackend::requireTables);
    }

    @Override
    public QueueBackend openForMigration(ConnectionUrl url) {
        return new SqlQueueBackend(url, dialect(url), 1);
    }

    @Override
    public boolean canRecordFailuresOfOthers() {
        return true;
    }

    /**
     * Whether an authority's port is there but not a number ({@code app@db:54x2}): {@link URI}
     * then gives up on the host altogether, which would read as "names no host". The port is
     * not echoed: in a URL missing its '@' it may be a password.
     */
    private static boolean hasNonNumericPort(String authority) {
        if (authority == null) return false;
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        // an IPv6 literal ([::1]) holds colons of its own; its port comes after the ']'
        if (colon <= 0 || colon < hostPort.lastIndexOf(']')) return false;
        String port = hostPort.substring(colon + 1);
        return !port.isEmpty() && !port.chars().allMatch(Character::isDigit);
    }

    private static Dialect dialect(ConnectionUrl url) {
        return switch (url.scheme()) {
            case "postgres", "postgresql" -> new PostgresDialect();
            case "mysql" -> new MysqlDialect("mysql");
            default -> new MysqlDialect("mariadb");
        };
    }
}
