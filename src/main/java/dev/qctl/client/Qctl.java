package dev.qctl.client;

import dev.qctl.api.Job;
import dev.qctl.config.ConfigLocator;
import dev.qctl.config.Connections;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.SigningKey;
import dev.qctl.config.Stores;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.QueueBackend;
import java.time.Duration;
import java.util.Optional;

/**
 * Dispatching Java jobs from an application:
 * <pre>{@code
 * try (Qctl qctl = Qctl.connect("postgres://app@db/app")) {
 *     String id = qctl.onQueue("invoices").delay(Duration.ofMinutes(5)).dispatch(new SendInvoice(42));
 * }
 * }</pre>
 * {@code connect} takes a URL or the name of a connection in qctl.yml (found as the CLI finds
 * it). Payloads are signed when a signing key is available ($QCTL_SIGNING_KEY or
 * signing_key_file:), which Java jobs do not need but raw jobs would.
 */
public final class Qctl implements AutoCloseable {
    private final QueueBackend backend;
    private final Optional<SigningKey> key;
    private final String defaultQueue;

    private Qctl(QueueBackend backend, Optional<SigningKey> key, String defaultQueue) {
        this.backend = backend;
        this.key = key;
        this.defaultQueue = defaultQueue;
    }

    /** Opens a connection by URL or qctl.yml connection name. */
    public static Qctl connect(String urlOrName) {
        QctlConfig config = ConfigLocator.load(null);
        Connections.Resolved resolved = Connections.named(urlOrName, config, System::getenv, "connection");
        return open(resolved.url(), resolved.poolSize(2), config);
    }

    public static Qctl connect(ConnectionUrl url) {
        return open(url, 2, ConfigLocator.load(null));
    }

    private static Qctl open(ConnectionUrl url, int pool, QctlConfig config) {
        String queue = config.defaults().queue() != null ? config.defaults().queue() : "default";
        return new Qctl(Stores.open(url, pool), SigningKey.find(config, System::getenv), queue);
    }

    /** Dispatches {@code job} now, on the default queue; returns its id. */
    public String dispatch(Job job) {
        return pending().dispatch(job);
    }

    public PendingDispatch onQueue(String queue) {
        return pending().onQueue(queue);
    }

    public PendingDispatch delay(Duration delay) {
        return pending().delay(delay);
    }

    /** Options for the next dispatch: queue, delay, tries, timeout, backoff, encryption. */
    public PendingDispatch pending() {
        return new PendingDispatch(backend, key, defaultQueue);
    }

    @Override
    public void close() {
        backend.close();
    }
}
