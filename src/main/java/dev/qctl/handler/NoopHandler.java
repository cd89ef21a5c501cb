package dev.qctl.handler;

/**
 * A handler that does nothing and succeeds: it measures the queue itself (throughput,
 * dispatch-to-start latency) without the cost of starting a process per job.
 */
public final class NoopHandler implements JobHandler {
    /** The payload {@code job} value that selects this handler. */
    public static final String NAME = "noop";

    @Override
    public void handle(JobContext context) {
        // nothing to do: finishing normally is the whole job
    }
}
