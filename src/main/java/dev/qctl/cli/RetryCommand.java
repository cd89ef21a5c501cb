package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.FailedJobPage;
import dev.qctl.queue.FailedJobRetry;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "retry",
        aliases = "queue:retry",
        mixinStandardHelpOptions = true,
        description = {
            "Put failed jobs back on their queues, with their attempts reset.",
            "  qctl retry all | qctl retry 5 7 <uuid> | qctl retry --queue=mail | qctl retry --range 5-9"
        })
final class RetryCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "Failed job ids or uuids, or 'all'.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--queue", description = "Retry every failed job of this queue.")
    String queue;

    @Option(
            names = "--range",
            paramLabel = "FROM-TO",
            description = "Retry a range of numeric ids, e.g. 5-9 (repeatable).")
    List<String> ranges = new ArrayList<>();

    /**
     * Failed jobs one round of locks, reads, a bulk push and a forget covers: on Redis a few
     * round trips per batch instead of five per job, and each script call a few ms of server work.
     */
    static final int BATCH = 500;

    @Override
    public Integer call() {
        if (queue != null) QueueNames.check(queue, "--queue");
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST);
                RetryTargets targets =
                        new RetryTargets(backend, connection.url().family(), connection.config())) {
            Iterator<List<String>> batches = batches(backend);
            if (!batches.hasNext()) {
                if (queue != null && !retryingAll())
                    throw new dev.qctl.base.QctlException(1, "Unable to find failed jobs for queue [" + queue + "].");
                out().println("No retryable jobs found.");
                return ExitCodes.OK;
            }
            out().println("Pushing failed queue jobs back onto the queue.");
            String owner = ProcessHandle.current().pid() + ":" + java.util.UUID.randomUUID();
            boolean allDone = true;
            while (batches.hasNext()) allDone &= retryBatch(batches.next(), backend, targets, owner);
            return allDone ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /** Retries one batch of failed jobs, by id or uuid; false if any was not retried. */
    private boolean retryBatch(List<String> ids, QueueBackend backend, RetryTargets targets, String owner) {
        // one retry per failed job even when two `retry all` run at once: the lock's holder
        // pushes and forgets it; the other finds it locked, or already gone
        List<String> locks =
                ids.stream().map(id -> FailedJobRetry.LOCK_PREFIX + id).toList();
        List<Boolean> taken = backend.locks().acquireAll(locks, owner, FailedJobRetry.LOCK_TTL);
        List<String> held = new ArrayList<>();
        List<String> lockedIds = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (taken.get(i)) {
                held.add(locks.get(i));
                lockedIds.add(ids.get(i));
            } else {
                err().println("Failed job [" + ids.get(i) + "] is being retried by another command; skipped.");
            }
        }
        boolean allDone = true;
        try {
            List<Optional<FailedJob>> found = backend.failedJobs().findAll(lockedIds);
            // grouped by the connection each row names: one bulk push per target (almost always just this one)
            Map<QueueBackend, List<FailedJob>> byTarget = new LinkedHashMap<>();
            for (int i = 0; i < lockedIds.size(); i++) {
                Optional<FailedJob> job = found.get(i);
                if (job.isEmpty()) {
                    if (!retryingAll()) {
                        err().println("Unable to find failed job with ID [" + lockedIds.get(i) + "].");
                        allDone = false;
                    }
                    continue;
                }
                try {
                    byTarget.computeIfAbsent(targets.forJob(job.get()), t -> new ArrayList<>())
                            .add(job.get());
                } catch (dev.qctl.base.QctlException unknownConnection) {
                    err().println("qctl: " + unknownConnection.getMessage());
                    allDone = false;
                }
            }
            for (Map.Entry<QueueBackend, List<FailedJob>> group : byTarget.entrySet()) {
                for (FailedJobRetry.Outcome outcome :
                        FailedJobRetry.retryAll(group.getKey(), backend.failedJobs(), group.getValue())) {
                    if (outcome.error() != null) {
                        err().println("qctl: " + outcome.error() + "; kept in the failed list");
                        allDone = false;
                        continue;
                    }
                    if (outcome.warning() != null) err().println("qctl: " + outcome.warning());
                    done(outcome.job().id());
                }
            }
        } finally {
            backend.locks().releaseAll(held, owner);
        }
        return allDone;
    }

    private void done(long id) {
        String shown = Long.toString(id);
        out().println("  " + shown + " " + ".".repeat(Math.max(3, 60 - shown.length())) + " DONE");
    }

    /** Retries a failed job onto the store that holds it; a warning goes to {@code err}. */
    static void retry(QueueBackend backend, FailedJob failed, java.io.PrintWriter err) {
        String warning = FailedJobRetry.retry(backend, failed);
        if (warning != null) err.println("qctl: " + warning);
    }

    private boolean retryingAll() {
        return ids.size() == 1 && ids.getFirst().equals("all");
    }

    /**
     * The ids to retry, a batch at a time: `all` and --queue read the failed list a page at a
     * time (newest first, each page below the last, so a 100k list never sits in memory and jobs
     * that fail again meanwhile are not retried twice); named ids and ranges are cut into batches.
     */
    private Iterator<List<String>> batches(QueueBackend backend) {
        if (retryingAll() || queue != null)
            return new FailedPages(backend.failedJobs(), new FailedJobFilter(retryingAll() ? null : queue, null, null));
        List<String> all = new ArrayList<>(wanted());
        List<List<String>> cut = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) cut.add(all.subList(i, Math.min(all.size(), i + BATCH)));
        return cut.iterator();
    }

    /** The failed list's ids, a page of {@link #BATCH} at a time. */
    private static final class FailedPages implements Iterator<List<String>> {
        private final FailedJobStore store;
        private final FailedJobFilter filter;
        private long before;
        private boolean last;
        private List<String> next;

        FailedPages(FailedJobStore store, FailedJobFilter filter) {
            this.store = store;
            this.filter = filter;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !last) {
                FailedJobPage page = store.page(filter, before, BATCH);
                last = page.next() == 0;
                before = page.next();
                if (!page.jobs().isEmpty())
                    next = page.jobs().stream().map(j -> Long.toString(j.id())).toList();
            }
            return next != null;
        }

        @Override
        public List<String> next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            List<String> page = next;
            next = null;
            return page;
        }
    }

    private Set<String> wanted() {
        Set<String> wanted = new LinkedHashSet<>();
        if (ids.isEmpty() && ranges.isEmpty())
            throw new UsageException("name failed job ids, 'all', --queue or --range");
        wanted.addAll(ids);
        for (String range : ranges) {
            String[] ends = range.split("-", 2);
            try {
                long from = Long.parseLong(ends[0].trim());
                long to = Long.parseLong(ends[1].trim());
                if (to < from || to - from > 1_000_000) throw new NumberFormatException();
                for (long id = from; id <= to; id++) wanted.add(Long.toString(id));
            } catch (RuntimeException e) {
                throw new UsageException("invalid --range '" + range + "': expected FROM-TO, e.g. 5-9");
            }
        }
        return wanted;
    }
}
