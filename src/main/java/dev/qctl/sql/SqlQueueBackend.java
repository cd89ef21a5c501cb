package dev.qctl.sql;

import dev.qctl.queue.AppRestartSignal;
import dev.qctl.queue.Batches;
import dev.qctl.queue.Capability;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.Controls;
import dev.qctl.queue.FailedJobStore;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.LaravelCache;
import dev.qctl.queue.Locks;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.RateLimits;
import dev.qctl.queue.ReservedJob;
import dev.qctl.queue.ScheduleHistory;
import dev.qctl.queue.WorkerRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The queue on Laravel's {@code jobs} table, for every SQL database: each operation is one
 * transaction ({@link SqlStore#tx}, retried on contention) around the {@link Dialect}'s
 * statements. Changes to a reserved row are fenced by {@code attempts} ({@link JobsTable#FENCED}):
 * they match only the reservation that made them.
 */
public final class SqlQueueBackend implements QueueBackend {
    private final SqlStore store;
    private final String connectionName;
    private final SqlFailedJobStore failed;
    private final Dialect dialect;
    private final SqlLocks locks;
    private final SqlJobKeys jobKeys;
    private final SqlRateLimits rateLimits;
    private final SqlScheduleHistory history;
    private final SqlWorkerRegistry workers;
    private final SqlControls controls;
    private final SqlBatches batches;

    /** Laravel's name for its database queue connection (config/queue.php), for a connection qctl.yml does not name. */
    static final String LARAVEL_NAME = "database";

    /**
     * Opens the database. SQLite files are migrated on first use (zero setup); a server
     * database must have been migrated with {@code qctl migrate}.
     */
    SqlQueueBackend(ConnectionUrl url, Dialect dialect, int poolSize) {
        this.store = new SqlStore(url, dialect, poolSize);
        this.connectionName = url.nameOr(LARAVEL_NAME);
        this.failed = new SqlFailedJobStore(store);
        this.dialect = dialect;
        SchedulerTables tables = new SchedulerTables(store);
        this.locks = new SqlLocks(store, tables);
        this.rateLimits = new SqlRateLimits(store, tables);
        this.jobKeys = new SqlJobKeys(store, tables);
        this.history = new SqlScheduleHistory(store, tables);
        this.workers = new SqlWorkerRegistry(store);
        this.controls = new SqlControls(store);
        this.batches = new SqlBatches(store, failed, connectionName);
    }

    /**
     * Opens the database and gets it ready ({@code ready} checks or creates the tables), closing
     * the pool again when that fails so a refused open leaks no connections.
     */
    static SqlQueueBackend open(
            ConnectionUrl url, Dialect dialect, int poolSize, java.util.function.Consumer<SqlQueueBackend> ready) {
        SqlQueueBackend backend = new SqlQueueBackend(url, dialect, poolSize);
        try {
            ready.accept(backend);
            return backend;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** The database, for tests that write rows the queue itself never would. */
    SqlStore store() {
        return store;
    }

    /** Whether qctl's tables exist (Laravel's and qctl's own). */
    boolean hasTables() {
        return store.hasTables();
    }

    /** Fails with a one-line hint when {@code qctl migrate} has not been run on this database. */
    void requireTables() {
        if (!hasTables()) {
            throw new dev.qctl.base.MissingTablesException(store.url.redacted());
        }
    }

    @Override
    public String connectionName() {
        return connectionName;
    }

    @Override
    public void checkLeaseClock() {
        if (dialect instanceof SqliteDialect && store.url.file() != null)
            SqliteLeaseClock.check(store.url.file(), retryAfter());
    }

    @Override
    public Duration retryAfter() {
        return store.url.retryAfter();
    }

    /** A bulk push is one transaction on every SQL database; wake-ups where the dialect has a channel for them. */
    @Override
    public Set<Capability> capabilities() {
        return store.dialect.wakesOnPush()
                ? Set.of(Capability.ATOMIC_BULK_PUSH, Capability.WAKE_ON_PUSH)
                : Set.of(Capability.ATOMIC_BULK_PUSH);
    }

    @Override
    public void migrate() {
        store.migrate();
    }

    @Override
    public String push(PushRequest request) {
        return pushBulk(List.of(request)).getFirst();
    }

    @Override
    public List<String> pushBulk(List<PushRequest> requests, IntConsumer progress) {
        // a list can be read again, so a transient failure (a deadlock) may retry the whole push
        return store.tx(c -> insertAll(c, requests.iterator(), progress));
    }

    @Override
    public List<String> pushAll(Iterator<PushRequest> requests, IntConsumer progress) {
        // an iterator is read once: a failure ends the push (rolled back), never retries it half-read
        return store.txOnce(c -> insertAll(c, requests, progress));
    }

    /** Every job in one transaction, written a batch at a time as the iterator yields them. */
    private List<String> insertAll(Connection c, Iterator<PushRequest> requests, IntConsumer progress)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        Set<String> queues = new HashSet<>();
        List<PushRequest> batch = new ArrayList<>(Dialect.PUSH_BATCH);
        while (requests.hasNext()) {
            batch.clear();
            while (batch.size() < Dialect.PUSH_BATCH && requests.hasNext()) batch.add(requests.next());
            for (PushRequest r : batch) queues.add(r.queue());
            int before = ids.size();
            ids.addAll(dialect.insertMany(c, batch, done -> progress.accept(before + done)));
        }
        progress.accept(ids.size());
        dialect.notifyNewJobs(c, queues);
        return ids;
    }

    @Override
    public List<ReservedJob> reserve(List<String> queues, int max) {
        long retryAfter = retryAfter().toSeconds();
        return store.tx(c -> dialect.reserve(c, queues, max, retryAfter));
    }

    @Override
    public boolean ack(ReservedJob job) {
        return store.tx(c -> dialect.ack(c, job));
    }

    /** All the acks in one transaction and one round trip: one commit for the lot. */
    @Override
    public List<Boolean> ackAll(List<ReservedJob> jobs) {
        if (jobs.size() == 1) return List.of(ack(jobs.getFirst()));
        return store.tx(c -> dialect.ackMany(c, jobs));
    }

    @Override
    public boolean release(ReservedJob job, String payload, Duration delay) {
        return store.tx(c -> dialect.release(c, job, payload, delay));
    }

    @Override
    public boolean postpone(ReservedJob job, Duration delay) {
        return store.tx(c -> dialect.postpone(c, job, delay));
    }

    @Override
    public boolean unreserve(ReservedJob job) {
        return store.tx(c -> dialect.unreserve(c, job));
    }

    @Override
    public boolean renew(ReservedJob job) {
        return store.tx(c -> dialect.renew(c, job));
    }

    /**
     * Every lease in one transaction and one JDBC batch: the drivers send a batch's statements
     * without waiting for each answer, so latency costs a round trip or two per worker, not one
     * per running job.
     */
    @Override
    public List<Boolean> renewAll(List<ReservedJob> jobs) {
        if (jobs.size() < 2) return jobs.stream().map(this::renew).toList();
        return store.tx(c -> dialect.renewAll(c, jobs));
    }

    /** The job leaves the queue and lands in failed_jobs in one transaction, or not at all. */
    @Override
    public boolean fail(ReservedJob job, String exception) {
        return store.tx(c -> {
            if (!dialect.ack(c, job)) return false;
            failed.insert(c, connectionName, job.queue(), job.rawPayload(), exception);
            return true;
        });
    }

    @Override
    public AutoCloseable onNewJobs(List<String> queues, Runnable wake) {
        return dialect.listenForJobs(store, queues, wake);
    }

    @Override
    public void tidy() {
        dialect.tidy(store);
    }

    @Override
    public QueueSizes sizes(String queue) {
        return store.read(c -> dialect.sizes(c, queue));
    }

    @Override
    public java.util.Optional<dev.qctl.queue.QueuedJob> findQueued(String id, java.util.Collection<String> queues) {
        long key;
        try {
            key = Long.parseLong(id.strip());
        } catch (NumberFormatException notAnId) { // a uuid: only the payload holds it, and no index does
            return java.util.Optional.empty();
        }
        return store.read(c -> dialect.findQueued(c, key));
    }

    @Override
    public long clear(String queue) {
        return store.tx(c -> dialect.clear(c, queue));
    }

    @Override
    public Locks locks() {
        return locks;
    }

    @Override
    public RateLimits rateLimits() {
        return rateLimits;
    }

    @Override
    public JobKeys jobKeys() {
        return jobKeys;
    }

    @Override
    public ScheduleHistory scheduleHistory() {
        return history;
    }

    @Override
    public long attemptsLimit() {
        return dialect.attemptsLimit();
    }

    @Override
    public FailedJobStore failedJobs() {
        return failed;
    }

    @Override
    public WorkerRegistry workers() {
        return workers;
    }

    @Override
    public Batches batches() {
        return batches;
    }

    @Override
    public Controls controls() {
        return controls;
    }

    @Override
    public AppRestartSignal laravelRestartSignal(LaravelCache cache) {
        if (!cache.store().equals(LaravelCache.DATABASE)) return QueueBackend.super.laravelRestartSignal(cache);
        return new SqlLaravelCache(store, cache);
    }

    @Override
    public void close() {
        store.close();
    }
}
