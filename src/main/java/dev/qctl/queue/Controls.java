package dev.qctl.queue;

import java.util.Set;

/**
 * Signals to every worker of a connection, kept in the store itself (so, unlike artisan's
 * cache key, they need nothing shared besides the queue): the restart signal and the paused
 * queues. Workers read {@link #read()} about once a second off their hot path.
 */
public interface Controls {
    /**
     * Records a restart signal: the store's time in Unix seconds, or one more than the previous
     * signal if that is not earlier, so every signal differs from the one before. Returns it.
     * A worker exits after its running jobs when the value differs from the one it read at start.
     */
    long restart();

    /** Marks a queue paused: workers take no new job from it until {@link #resume}. */
    void pause(String queue);

    /** Unpauses a queue; false if it was not paused. */
    boolean resume(String queue);

    /** The restart signal (0 if never given) and the paused queues, in one read. */
    State read();

    /**
     * @param restart    the latest restart signal, 0 if none
     * @param paused     the queues paused now
     * @param appRestart the application's own restart signal (Laravel's cache entry), 0 if none or not configured
     */
    record State(long restart, Set<String> paused, long appRestart) {
        public State(long restart, Set<String> paused) {
            this(restart, paused, 0);
        }

        /** Whether a worker that started under {@code start} was since told to restart. */
        public boolean restartedSince(State start) {
            return restart != start.restart || appRestart != start.appRestart;
        }
    }
}
