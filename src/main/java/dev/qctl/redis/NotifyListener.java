package dev.qctl.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.List;

/**
 * Wakes an idle worker when a job is pushed: blocks in BLPOP on the queues' notify lists
 * (Laravel's {@code queues:NAME:notify}, one token per ready job) on a connection of its own,
 * and calls {@code wake} for every token it takes. The worker then reserves as usual; the
 * listener waits for that reservation (at most a second) before it takes another token, so a
 * busy worker costs one BLPOP per reservation, not one per job. During an outage it retries
 * quietly; the worker's own polling and backoff carry on meanwhile.
 */
final class NotifyListener implements AutoCloseable {
    private static final Duration OUTAGE_PAUSE = Duration.ofSeconds(1);
    private static final long AWAIT_RESERVATION_MS = 1000;

    private final RedisConnection redis;
    private final String[] notifyKeys;
    private final double blockSeconds;
    private final Runnable wake;
    private final ReserveRounds reservations;
    private final Thread thread;
    private volatile boolean closed;
    private volatile StatefulConnection<String, String> connection;

    NotifyListener(
            RedisConnection redis,
            List<String> notifyKeys,
            double blockSeconds,
            Runnable wake,
            ReserveRounds reservations) {
        this.redis = redis;
        this.reservations = reservations;
        this.notifyKeys = notifyKeys.toArray(String[]::new);
        this.blockSeconds = blockSeconds;
        this.wake = wake;
        this.thread = new Thread(this::listen, "qctl-redis-notify");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        while (!closed) {
            try {
                if (connection == null) connection = redis.connectAnother();
                // the command timeout must outlast the block, or Lettuce would cancel a healthy wait
                connection.setTimeout(Duration.ofMillis((long) (blockSeconds * 1000))
                        .plus(redis.endpoint().timeout()));
                RedisClusterCommands<String, String> commands = RedisConnection.commandsOf(connection);
                KeyValue<String, String> token = commands.blpop(blockSeconds, notifyKeys);
                if (token != null && token.hasValue()) {
                    long seen = reservations.current();
                    wake.run();
                    reservations.awaitAfter(seen, AWAIT_RESERVATION_MS);
                }
            } catch (InterruptedException e) { // close()
                return;
            } catch (RuntimeException e) { // outage (RedisException, StoreUnavailableException) or close()
                if (closed) return;
                dropConnection();
                pause();
            }
        }
    }

    private void dropConnection() {
        StatefulConnection<String, String> c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(OUTAGE_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops listening: closing the connection ends a pending BLPOP at once. */
    @Override
    public void close() {
        closed = true;
        dropConnection();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
