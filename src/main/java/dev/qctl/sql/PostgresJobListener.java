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
    private final Object lock = new Object();
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
                wakeUnlessClosed(); // anything pushed while we were not listening is found by the next reserve
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notes = pg.getNotifications(POLL_MS);
                    if (notes == null) continue;
                    for (PGNotification note : notes) {
                        if (queues.contains(note.getParameter())) {
                            wakeUnlessClosed();
                            break;
                        }
                    }
                }
            } catch (SQLException e) {
                pause();
            }
        }
    }

    /**
     * A notification can still arrive in the last poll after {@link #close()}; under the lock,
     * no call starts once close has returned, and close waits out one that is running.
     */
    private void wakeUnlessClosed() {
        synchronized (lock) {
            if (!closed) wake.run();
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
        synchronized (lock) {
            closed = true;
        }
        thread.interrupt();
    }
}
