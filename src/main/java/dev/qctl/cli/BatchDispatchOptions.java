package dev.qctl.cli;

import dev.qctl.base.UsageException;
import dev.qctl.queue.Batch;
import dev.qctl.queue.BatchOptions;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** {@code dispatch}'s batch options: a new batch and its callbacks, or jobs added to an existing one. */
final class BatchDispatchOptions {
    @Option(
            names = "--batch",
            paramLabel = "NAME",
            description = "Dispatch the jobs as one new batch called NAME, all or none; prints its id on stderr.")
    String name;

    @Option(
            names = "--batch-id",
            paramLabel = "ID",
            description = "Add the jobs to the existing batch ID (Laravel's $batch->add).")
    String addTo;

    @Option(
            names = "--then",
            paramLabel = "JOB",
            description = "With --batch: a job to dispatch once every job succeeded. JOB is a handler name,"
                    + " a JSON object {\"job\":…,\"data\":…} or a JSON argv array, as in a --from line.")
    String then;

    @Option(
            names = "--catch",
            paramLabel = "JOB",
            description = "With --batch: a job to dispatch on the batch's first failure.")
    String onFailure;

    @Option(
            names = "--finally",
            paramLabel = "JOB",
            description = "With --batch: a job to dispatch once every job has run, succeeded or failed.")
    String always;

    @Option(
            names = "--allow-failures",
            description = "With --batch: a failed job does not cancel the batch (by default the first failure does).")
    boolean allowFailures;

    /** Whether the jobs go into a batch at all. */
    boolean used() {
        return name != null || addTo != null;
    }

    /** Fails with a usage error when the options do not go together. */
    void check() {
        if (name != null && addTo != null)
            throw new UsageException("give either --batch NAME or --batch-id ID, not both");
        boolean callbacks = then != null || onFailure != null || always != null || allowFailures;
        if (callbacks && name == null)
            throw new UsageException("--then, --catch, --finally and --allow-failures need --batch NAME");
        if (name != null && name.isBlank()) throw new UsageException("--batch needs a name");
    }

    /** The callbacks as jobs, built like --from lines; {@code seal} signs each as the batch's jobs are. */
    List<PushRequest> callbacks(JobFactory jobs) {
        List<PushRequest> list = new ArrayList<>();
        for (String text : new String[] {then, onFailure, always}) list.add(text == null ? null : callback(jobs, text));
        return list;
    }

    private static PushRequest callback(JobFactory jobs, String text) {
        String t = text.trim();
        try {
            return t.startsWith("[") || t.startsWith("{")
                    ? jobs.line(t, Duration.ZERO)
                    : jobs.named(t, null, null, null, Duration.ZERO, false);
        } catch (RuntimeException e) {
            throw new UsageException("invalid batch callback '" + text + "': " + e.getMessage());
        }
    }

    /** The batch's id: the one to add to, or a new one (decided before the jobs are stamped and signed). */
    String id() {
        if (id == null) id = addTo != null ? addTo : Batch.newId();
        return id;
    }

    private String id;

    /** The jobs with the batch's id in their payloads; sign them after this, not before. */
    List<PushRequest> stamp(List<PushRequest> jobs) {
        return Batch.stamp(id(), jobs);
    }

    /**
     * Pushes the stamped, signed jobs as the new batch (its callbacks signed by {@code seal}), or
     * into the existing one, and returns their ids.
     */
    List<String> push(
            QueueBackend backend, JobFactory factory, List<PushRequest> jobs, UnaryOperator<List<PushRequest>> seal) {
        if (addTo != null) return backend.batches().add(id(), jobs);
        List<PushRequest> callbacks = callbacks(factory);
        List<PushRequest> marked = new ArrayList<>();
        for (PushRequest c : callbacks) {
            // the callback names its batch for the reader, in a field of its own: it is not one of the batch's jobs
            if (c != null) marked.add(new PushRequest(c.queue(), c.payload().with("qctlBatch", id()), c.delay()));
        }
        List<PushRequest> sealed = new ArrayList<>(seal.apply(marked));
        List<PushRequest> cb = new ArrayList<>();
        for (PushRequest c : callbacks) cb.add(c == null ? null : sealed.removeFirst());
        BatchOptions options = new BatchOptions(allowFailures, cb.get(0), cb.get(1), cb.get(2));
        return backend.batches().create(id(), name, options, jobs);
    }
}
