package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.FailedJobRetry;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    @Override
    public Integer call() {
        if (queue != null) QueueNames.check(queue, "--queue");
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST);
                RetryTargets targets =
                        new RetryTargets(backend, connection.url().family(), connection.config())) {
            Set<String> wanted = wanted(backend);
            if (wanted.isEmpty()) {
                out().println("No retryable jobs found.");
                return ExitCodes.OK;
            }
            out().println("Pushing failed queue jobs back onto the queue.");
            boolean allDone = true;
            String owner = ProcessHandle.current().pid() + ":" + java.util.UUID.randomUUID();
            for (String id : wanted) {
                // one retry per failed job even when two `retry all` run at once: the lock's holder
                // pushes and forgets it; the other finds it locked, or already gone
                String lock = FailedJobRetry.LOCK_PREFIX + id;
                if (!backend.locks().acquire(lock, owner, FailedJobRetry.LOCK_TTL)) {
                    err().println("Failed job [" + id + "] is being retried by another command; skipped.");
                    continue;
                }
                try {
                    Optional<FailedJob> job = backend.failedJobs().find(id);
                    if (job.isEmpty()) {
                        if (!retryingAll()) {
                            err().println("Unable to find failed job with ID [" + id + "].");
                            allDone = false;
                        }
                        continue;
                    }
                    try {
                        retry(targets.forJob(job.get()), backend.failedJobs(), job.get(), err());
                    } catch (UsageException unreadable) {
                        err().println("qctl: " + unreadable.getMessage() + "; kept in the failed list");
                        allDone = false;
                        continue;
                    } catch (dev.qctl.base.QctlException unknownConnection) {
                        err().println("qctl: " + unknownConnection.getMessage());
                        allDone = false;
                        continue;
                    }
                } finally {
                    backend.locks().release(lock, owner);
                }
                out().println("  " + id + " " + ".".repeat(Math.max(3, 60 - id.length())) + " DONE");
            }
            return allDone ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /** Retries a failed job onto the store that holds it; a warning goes to {@code err}. */
    static void retry(QueueBackend backend, FailedJob failed, java.io.PrintWriter err) {
        retry(backend, backend.failedJobs(), failed, err);
    }

    /** {@link FailedJobRetry#retry(QueueBackend, FailedJobStore, FailedJob)}, its warning on {@code err}. */
    static void retry(QueueBackend target, FailedJobStore failedStore, FailedJob failed, java.io.PrintWriter err) {
        String warning = FailedJobRetry.retry(target, failedStore, failed);
        if (warning != null) err.println("qctl: " + warning);
    }

    private boolean retryingAll() {
        return ids.size() == 1 && ids.getFirst().equals("all");
    }

    private Set<String> wanted(QueueBackend backend) {
        Set<String> wanted = new LinkedHashSet<>();
        if (ids.size() == 1 && ids.getFirst().equals("all")) {
            backend.failedJobs().list(null).forEach(j -> wanted.add(Long.toString(j.id())));
            return wanted;
        }
        if (queue != null) {
            List<FailedJob> jobs = backend.failedJobs().list(queue);
            if (jobs.isEmpty())
                throw new dev.qctl.base.QctlException(1, "Unable to find failed jobs for queue [" + queue + "].");
            jobs.forEach(j -> wanted.add(Long.toString(j.id())));
            return wanted;
        }
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
