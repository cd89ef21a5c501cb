package dev.qctl.redis;

import dev.qctl.base.StoreUnavailableException;
import dev.qctl.base.Text;
import dev.qctl.queue.ConnectionUrl;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce client of one connection URL: a shared, thread-safe (multiplexed) connection for
 * every command, and further ones on request for blocking waits (BLPOP would stall the shared one). Lettuce reconnects by itself; while it is disconnected commands are rejected at
 * once rather than queued (on Cluster they wait, bounded by the timeout), and every command has a timeout, so an outage surfaces as a
 * {@link StoreUnavailableException} the worker's backoff handles instead of a hang.
 */
final class RedisConnection implements AutoCloseable {
    private final ConnectionUrl url;
    private final RedisEndpoint endpoint;
    private final ClientResources resources;
    private RedisClient client;
    private RedisClusterClient clusterClient;
    private StatefulConnection<String, String> connection;
    private RedisClusterCommands<String, String> commands;

    RedisConnection(ConnectionUrl url) {
        this.url = url;
        this.endpoint = RedisEndpoint.of(url);
        // reconnect quickly after a store restart: the worker's own backoff paces the retries
        this.resources = ClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(endpoint.timeout())
                .keepAlive(true)
                .build();
        try {
            if (endpoint.cluster()) {
                // node connections open on first use, so commands must wait for them rather than be
                // rejected; the command timeout still bounds every call during an outage
                ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled(endpoint.timeout()))
                        .socketOptions(socket);
                if (endpoint.ssl() != null) options.sslOptions(endpoint.ssl());
                this.clusterClient = RedisClusterClient.create(resources, endpoint.uris());
                clusterClient.setOptions(options.build());
                StatefulRedisClusterConnection<String, String> c = clusterClient.connect();
                this.connection = c;
                this.commands = c.sync();
            } else {
                ClientOptions.Builder options = ClientOptions.builder()
                        .autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(socket);
                if (endpoint.ssl() != null) options.sslOptions(endpoint.ssl());
                this.client = RedisClient.create(resources);
                client.setOptions(options.build());
                StatefulRedisConnection<String, String> c =
                        client.connect(endpoint.uris().getFirst());
                this.connection = c;
                this.commands = c.sync();
            }
        } catch (RedisException e) {
            shutdownQuietly();
            throw unavailable(e);
        } catch (RuntimeException e) {
            shutdownQuietly();
            throw e;
        }
    }

    RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Runs {@code action} on the shared connection, turning any Redis failure into a one-line store error. */
    <T> T call(java.util.function.Function<RedisClusterCommands<String, String>, T> action) {
        try {
            return action.apply(commands);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /** A further connection of its own, for a blocking command that must not stall the shared one. */
    StatefulConnection<String, String> connectAnother() {
        try {
            return clusterClient != null
                    ? clusterClient.connect()
                    : client.connect(endpoint.uris().getFirst());
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    /** The synchronous commands of a standalone, Sentinel or Cluster connection, by their common type. */
    static RedisClusterCommands<String, String> commandsOf(StatefulConnection<String, String> connection) {
        if (connection instanceof StatefulRedisClusterConnection<String, String> c) return c.sync();
        return ((StatefulRedisConnection<String, String>) connection).sync();
    }

    /** A one-line error naming the store (password masked) and what Lettuce said. */
    StoreUnavailableException unavailable(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        message = plain(Text.firstLine(message));
        if (url.password() != null && !url.password().isEmpty()) message = message.replace(url.password(), "***");
        return new StoreUnavailableException("redis store " + url.redacted() + " unavailable: " + message, e);
    }

    /**
     * Lettuce's and Netty's way of writing an address ({@code 127.0.0.1/<unresolved>:1},
     * {@code /127.0.0.1:1}) as host:port, and its "Unable to connect to X (Connection refused:
     * X)" as "cannot connect to X: connection refused".
     */
    static String plain(String message) {
        String m = message.replace("/<unresolved>:", ":").replaceAll("(^|[\\s(:])/(?=[\\w.\\[])", "$1");
        java.util.regex.Matcher refused = java.util.regex.Pattern.compile(
                        "Unable to connect to (\\S+) \\(([A-Za-z ]+)(?::[^()]*)?\\)")
                .matcher(m);
        if (refused.matches()) {
            return "cannot connect to " + refused.group(1) + ": "
                    + refused.group(2).strip().toLowerCase(java.util.Locale.ROOT);
        }
        return m.replaceFirst("^Unable to connect to ", "cannot connect to ");
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) connection.close();
        } catch (RuntimeException ignored) {
            // closing a broken connection has nothing left to tell the user
        }
        shutdownQuietly();
    }

    private void shutdownQuietly() {
        try {
            if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            if (clusterClient != null) clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        } catch (RuntimeException ignored) {
            // best effort at exit
        }
    }
}
