package dev.qctl.queue;

import java.util.Locale;

/**
 * Which failed jobs a listing page shows; each part null or blank when not used. Text matches
 * ignore case: {@code job} is looked for anywhere in the payload (where the job's name is),
 * {@code text} in the exception.
 *
 * @param queue exactly this queue
 * @param job   text in the payload
 * @param text  text in the exception
 */
public record FailedJobFilter(String queue, String job, String text) {
    public static final FailedJobFilter ALL = new FailedJobFilter(null, null, null);

    public FailedJobFilter {
        queue = blankToNull(queue);
        job = blankToNull(job);
        text = blankToNull(text);
    }

    /** Whether the job passes the filter (for stores that filter in qctl rather than in a query). */
    public boolean matches(FailedJob job) {
        if (queue != null && !queue.equals(job.queue())) return false;
        if (this.job != null && !contains(job.payload(), this.job)) return false;
        return text == null || contains(job.exception(), text);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
