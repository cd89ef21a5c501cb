package dev.qctl.queue;

import java.util.Set;

/**
 * A connection whose restart signal is shared with a Laravel app: {@code qctl restart} also
 * writes the app's cache entry, so Laravel's workers stop, and qctl's workers also stop when
 * {@code php artisan queue:restart} changes that entry. Pausing stays qctl's own.
 */
public final class SharedRestartSignal extends ForwardingQueueBackend {
    private final AppRestartSignal app;
    private final AutoCloseable appStore;

    /** @param appStore closed with this backend (null when the app's cache lives in {@code inner} itself) */
    public SharedRestartSignal(QueueBackend inner, AppRestartSignal app, AutoCloseable appStore) {
        super(inner);
        this.app = app;
        this.appStore = appStore;
    }

    @Override
    public Controls controls() {
        Controls own = inner.controls();
        return new Controls() {
            @Override
            public long restart() {
                long signal = own.restart();
                app.write(signal);
                return signal;
            }

            @Override
            public void pause(String queue) {
                own.pause(queue);
            }

            @Override
            public boolean resume(String queue) {
                return own.resume(queue);
            }

            @Override
            public State read() {
                State state = own.read();
                return new State(state.restart(), Set.copyOf(state.paused()), app.read());
            }
        };
    }

    @Override
    public void close() {
        try {
            inner.close();
        } finally {
            if (appStore != null) {
                try {
                    appStore.close();
                } catch (Exception e) {
                    // closing a store we only read a key from: nothing to recover
                }
            }
        }
    }
}
