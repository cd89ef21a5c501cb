package dev.qctl.handler;

/**
 * Does nothing and succeeds. It is what `qctl bench` and the load tests run: it measures the
 * queue itself, with no process or network call in the way.
 */
public final class NoopHandler implements JobHandler {
    public static final String NAME = "noop";

    @Override
    public void handle(JobContext context) {
        // intentionally empty
    }
}
