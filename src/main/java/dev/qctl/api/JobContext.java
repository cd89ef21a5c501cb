package dev.qctl.api;

import java.time.Duration;
import java.util.function.Consumer;

/** What a Java job knows about its attempt, and how it asks to be released or failed. */
public interface JobContext {
    /** The job's id in the store. */
    String id();

    /** This attempt's number, starting at 1. */
    int attempt();

    String queue();

    /** The batch the job belongs to, or null. */
    String batchId();

    /** Writes a line to the worker's stderr, prefixed with the job id. */
    Consumer<String> logger();

    default void log(String message) {
        logger().accept(message);
    }

    /**
     * Put the job back to be tried again after {@code delay}, once {@code handle} returns.
     * Not counted as a failure (maxExceptions), though the next run is another attempt.
     */
    void release(Duration delay);

    /** Fail the job for good with {@code reason} once {@code handle} returns, whatever tries remain. */
    void fail(String reason);
}
