package dev.qctl.client;

import dev.qctl.api.Job;
import dev.qctl.api.JobData;
import dev.qctl.config.SigningKey;
import dev.qctl.handler.PayloadSeal;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The options of one dispatch, set fluently; {@link #dispatch(Job)} stores the job and returns its id. */
public final class PendingDispatch {
    private final QueueBackend backend;
    private final Optional<SigningKey> key;
    private String queue;
    private Duration delay = Duration.ZERO;
    private Integer tries;
    private Integer timeout;
    private String backoff;
    private boolean encrypted;

    PendingDispatch(QueueBackend backend, Optional<SigningKey> key, String queue) {
        this.backend = backend;
        this.key = key;
        this.queue = queue;
    }

    public PendingDispatch onQueue(String queue) {
        this.queue = QueueNames.check(Objects.requireNonNull(queue), "queue");
        return this;
    }

    public PendingDispatch delay(Duration delay) {
        this.delay = Objects.requireNonNull(delay);
        return this;
    }

    public PendingDispatch tries(int tries) {
        this.tries = tries;
        return this;
    }

    public PendingDispatch timeout(Duration timeout) {
        this.timeout = (int) Math.max(1, timeout.toSeconds());
        return this;
    }

    /** Seconds before each retry, e.g. "10,60,300". */
    public PendingDispatch backoff(String backoff) {
        this.backoff = backoff;
        return this;
    }

    /** Encrypt the job's data with the signing key (the worker needs the same key). */
    public PendingDispatch encrypted() {
        this.encrypted = true;
        return this;
    }

    public String dispatch(Job job) {
        String name = job.getClass().getName();
        Payload payload = Payload.create(
                JobData.PREFIX + name,
                name,
                JobData.of(job),
                new JobOptions(tries, null, backoff, timeout, null, null));
        return backend.push(new PushRequest(queue, PayloadSeal.seal(payload, queue, key, encrypted), delay));
    }
}
