package dev.qctl.config;

import dev.qctl.queue.JobOptions;
import java.util.List;

/**
 * A handler named in qctl.yml: exactly one of {@code exec} (an argv template), {@code http}
 * or {@code javaClass}, plus defaults for the jobs dispatched to it.
 *
 * @param options tries/timeout/backoff/maxExceptions written into each payload unless flags say otherwise
 * @param queue   the queue its jobs go to unless --queue says otherwise (null = the config default)
 * @param limit   the rate limit its jobs start under ({@code limit:} naming one of {@code limits:}), or null
 * @param match   globs binding payloads written by other programs (a Laravel job's {@code displayName} or
 *                {@code job}) to this handler, whose program then gets the whole payload on stdin; empty = none
 * @param overlap its {@code without_overlapping:}, or null (its jobs may run side by side)
 * @param onFailure an exec handler's {@code on_failure:} argv template, run once when one of its jobs fails
 *                for good (its input and placeholders as the job's own), or null
 */
public record HandlerSpec(
        String name,
        List<String> exec,
        HttpSpec http,
        String javaClass,
        JobOptions options,
        String queue,
        RateLimitSpec limit,
        List<String> match,
        OverlapSpec overlap,
        List<String> onFailure) {

    public String kind() {
        return exec != null ? "exec" : http != null ? "http" : "java";
    }
}
