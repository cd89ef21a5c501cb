package dev.qctl.config;

import java.time.Duration;
import java.util.List;

/**
 * An alert from qctl.yml's {@code alerts:}: when it fires, and what it runs. Its notification
 * is dispatched as a job (handler {@link #handlerName()}) on {@link #queue()}, so a failing
 * notification is retried like any job, and never alerts about itself.
 *
 * @param queues    the queues it watches; empty = every queue (for {@code when: failed})
 * @param http      the request to send, or null when {@code handler} is given
 * @param handler   a qctl.yml handler to run instead of {@code http}
 * @param atMost    how many notifications per {@code per}, across every host; 0 = no limit
 * @param tries     attempts of the notification job
 * @param backoff   seconds between its attempts, e.g. "10,60"
 */
public record AlertSpec(
        String name,
        Trigger when,
        List<String> queues,
        HttpSpec http,
        String handler,
        int atMost,
        Duration per,
        String queue,
        int tries,
        String backoff) {

    /** Alert jobs' handler names start with this; no qctl.yml handler name can (it holds a ':'). */
    public static final String HANDLER_PREFIX = "alert:";

    public static final String DEFAULT_QUEUE = "qctl-alerts";

    public String handlerName() {
        return HANDLER_PREFIX + name;
    }

    /** What makes an alert fire. */
    public sealed interface Trigger {}

    /** A job of a watched queue failed for good (exhausted its tries, or was refused). */
    public record Failed() implements Trigger {}

    /** A watched queue has more than {@code jobs} pending. */
    public record PendingOver(long jobs) implements Trigger {}

    /** A watched queue's oldest pending job has waited longer than {@code longerThan}. */
    public record OldestWaitOver(Duration longerThan) implements Trigger {}

    /** No live worker serves {@code queue}. */
    public record NoWorkers(String queue) implements Trigger {}
}
