package dev.qctl.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs on PostgreSQL's {@code qctl_jobs} channel (dispatch NOTIFYs it with the queue
 * name) and wakes the worker when one of its queues gets a job, so a new job starts within
 * milliseconds instead of after --sleep. If the session drops it reconnects quietly; the
 * worker's polling covers the gap, so no job waits longer than --sleep.
 */
final class PostgresJobListener implements AutoCloseable {
    private static final int POLL_MS = 500;

    private final SqlStore store;
    private final Set<String> queues;
    private final Runnable wake;
    private final Thread thread;
    private volatile boolean closed;

    PostgresJobListener(SqlStore store, List<String> queues, Runnable wake) {
        this.store = store;
        this.queues = Set.copyOf(queues);
        this.wake = wake;
        this.thread = Thread.ofPlatform().daemon().name("qctl-pg-listen").start(this::listenLoop);
    }

    private void listenLoop() {
        while (!closed) {
            try (Connection c = store.openDedicatedConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + PostgresDialect.CHANNEL);
                }
                wake.run(); // anything pushed while we were not listening is found by the next reserve
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(POLL_MS);
                    if (notes == null) continue;
                    for (PGNotification note : notes) {
                        if (queues.contains(note.getParameter())) {
                            wake.run();
                            break;
                        }
                    }
                }
            } catch (SQLException e) {
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
