package dev.qctl.sql;

import dev.qctl.base.Secrets;
import dev.qctl.base.UsageException;
import dev.qctl.queue.ConnectionUrl;
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
        if (uri.getHost() == null) throw new UsageException("connection URL '" + Secrets.url(text) + "' names no host");
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
        return new ConnectionUrl(postgres ? "postgres" : "mysql", text, List.of(uri.getHost() + ":" + port), db, user,
                password, null, ConnectionUrl.retryAfter(params, text), params);
    }

    @Override
    public QueueBackend open(ConnectionUrl url, int poolSize) {
        SqlQueueBackend backend = new SqlQueueBackend(url, dialect(url), poolSize);
        try {
            backend.requireTables();
            return backend;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public QueueBackend openForMigration(ConnectionUrl url) {
        return new SqlQueueBackend(url, dialect(url), 1);
    }

    @Override
    public boolean canRecordFailuresOfOthers() {
        return true;
    }

    private static Dialect dialect(ConnectionUrl url) {
        return switch (url.scheme()) {
            case "postgres", "postgresql" -> new PostgresDialect();
            case "mysql" -> new MysqlDialect("mysql");
            default -> new MysqlDialect("mariadb");
        };
    }
}
