package dev.qctl.queue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/** A backend that hands every call to another; decorators override only what they change. */
public abstract class ForwardingQueueBackend implements QueueBackend {
    protected final QueueBackend inner;

    protected ForwardingQueueBackend(QueueBackend inner) {
        this.inner = inner;
    }

    @Override
    public String connectionName() {
        return inner.connectionName();
    }

    @Override
    public Duration retryAfter() {
        return inner.retryAfter();
    }

    @Override
    public Set<Capability> capabilities() {
        return inner.capabilities();
    }

    @Override
    public long attemptsLimit() {
        return inner.attemptsLimit();
    }

    @Override
    public void migrate() {
        inner.migrate();
    }

    @Override
    public String push(PushRequest request) {
        return inner.push(request);
    }

    @Override
    public List<String> pushBulk(List<PushRequest> requests) {
        return inner.pushBulk(requests);
    }

    @Override
    public List<String> pushBulk(List<PushRequest> requests, IntConsumer progress) {
        return inner.pushBulk(requests, progress);
    }

    @Override
    public List<String> pushAll(Iterator<PushRequest> requests, IntConsumer progress) {
        return inner.pushAll(requests, progress);
    }

    @Override
    public List<ReservedJob> reserve(List<String> queues, int max) {
        return inner.reserve(queues, max);
    }

    @Override
    public boolean ack(ReservedJob job) {
        return inner.ack(job);
    }

    @Override
    public List<Boolean> ackAll(List<ReservedJob> jobs) {
        return inner.ackAll(jobs);
    }

    @Override
    public boolean release(ReservedJob job, String payload, Duration delay) {
        return inner.release(job, payload, delay);
    }

    @Override
    public boolean unreserve(ReservedJob job) {
        return inner.unreserve(job);
    }

    @Override
    public boolean postpone(ReservedJob job, Duration delay) {
        return inner.postpone(job, delay);
    }

    @Override
    public boolean renew(ReservedJob job) {
        return inner.renew(job);
    }

    @Override
    public List<Boolean> renewAll(List<ReservedJob> jobs) {
        return inner.renewAll(jobs);
    }

    @Override
    public boolean fail(ReservedJob job, String exception) {
        return inner.fail(job, exception);
    }

    @Override
    public AutoCloseable onNewJobs(List<String> queues, Runnable wake) {
        return inner.onNewJobs(queues, wake);
    }

    @Override
    public void tidy() {
        inner.tidy();
    }

    @Override
    public QueueSizes sizes(String queue) {
        return inner.sizes(queue);
    }

    @Override
    public java.util.Optional<QueuedJob> findQueued(String id, java.util.Collection<String> queues) {
        return inner.findQueued(id, queues);
    }

    @Override
    public long clear(String queue) {
        return inner.clear(queue);
    }

    @Override
    public FailedJobStore failedJobs() {
        return inner.failedJobs();
    }

    @Override
    public Locks locks() {
        return inner.locks();
    }

    @Override
    public JobKeys jobKeys() {
        return inner.jobKeys();
    }

    @Override
    public RateLimits rateLimits() {
        return inner.rateLimits();
    }

    @Override
    public ScheduleHistory scheduleHistory() {
        return inner.scheduleHistory();
    }

    @Override
    public Batches batches() {
        return inner.batches();
    }

    @Override
    public WorkerRegistry workers() {
        return inner.workers();
    }

    @Override
    public Controls controls() {
        return inner.controls();
    }

    @Override
    public AppRestartSignal laravelRestartSignal(LaravelCache cache) {
        return inner.laravelRestartSignal(cache);
    }

    @Override
    public void close() {
        inner.close();
    }
}
