package dev.qctl.testing;

/**
 * A store server of a test's own that the test may crash and start again (never a shared one):
 * {@link PrivateRedis}, {@link PrivatePostgres}, {@link PrivateMariadb}. Each keeps what it
 * acknowledged across the crash (fsync on commit), on the same port and data directory.
 */
public interface RestartableStore {
    /** Ends the server at once, as a crash or power cut would (kill -9, or PostgreSQL's immediate stop). */
    void kill() throws java.io.IOException, InterruptedException;

    /** Starts the server again on the same port and data, returning once it accepts connections. */
    void launch() throws java.io.IOException, InterruptedException;
}
