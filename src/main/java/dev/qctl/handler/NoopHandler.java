package dev.qctl.handler;

/**
 * Does nothing and succeeds — after sleeping {@code data.ms} milliseconds, if given. It is
 * what `qctl bench` and the load tests run: it measures the queue itself, with no process
 * or network call in the way.
 */
public final class NoopHandler implements JobHandler {
    public static final String NAME = "noop";

    @Override
    public void handle(Attempt context) throws InterruptedException {
        long ms = context.payload().data().path("ms").asLong(0);
        if (ms > 0) Thread.sleep(ms);
    }
}
