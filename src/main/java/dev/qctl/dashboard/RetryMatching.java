package dev.qctl.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.QctlException;
import dev.qctl.base.Secrets;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.FailedJobPage;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The failed-jobs page's "retry all matching": first how many rows the filter matches (the
 * confirm step's "Retry N jobs?"), then those rows retried, walked newest first a page at a time
 * by the id index, so neither step holds more than a page of rows in memory.
 */
final class RetryMatching {
    static final int PAGE = 500;

    private RetryMatching() {}

    /** What a retry-all did: rows pushed back, rows kept (and why, for the first one). */
    record Outcome(long retried, long kept, String firstError) {}

    /**
     * The count and the newest matching id. A filter on the queue alone (or none) is answered by
     * the store's per-queue counts; a text filter is counted by paging through the matches.
     */
    static ObjectNode count(FailedJobStore store, FailedJobFilter filter) {
        List<FailedJob> newest = store.page(filter, 0, 1).jobs();
        long count;
        if (filter.job() == null && filter.text() == null) {
            Map<String, Long> byQueue = store.countByQueue();
            count = filter.queue() == null
                    ? byQueue.values().stream().mapToLong(Long::longValue).sum()
                    : byQueue.getOrDefault(filter.queue(), 0L);
        } else {
            count = 0;
            long before = 0;
            do {
                FailedJobPage page = store.page(filter, before, PAGE);
                count += page.jobs().size();
                before = page.next();
            } while (before > 0);
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("count", newest.isEmpty() ? 0 : count);
        o.put("newest", newest.isEmpty() ? 0 : newest.getFirst().id());
        return o;
    }

    /** Retries each row matching {@code filter} with an id up to {@code upto}; a row that cannot go stays. */
    static Outcome retry(QueueBackend backend, FailedJobFilter filter, long upto, Consumer<FailedJob> retryOne) {
        long retried = 0;
        long kept = 0;
        String firstError = null;
        long before = upto + 1;
        while (before > 0) {
            FailedJobPage page = backend.failedJobs().page(filter, before, PAGE);
            for (FailedJob job : page.jobs()) {
                try {
                    retryOne.accept(job);
                    retried++;
                } catch (QctlException e) { // an unknown connection, an unreadable payload, a concurrent retry
                    kept++;
                    if (firstError == null) firstError = Secrets.text(e.getMessage());
                }
            }
            before = page.next();
        }
        return new Outcome(retried, kept, firstError);
    }
}
