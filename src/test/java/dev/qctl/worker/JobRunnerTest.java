package dev.qctl.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.qctl.base.StoreUnavailableException;
import dev.qctl.config.OverlapSpec;
import dev.qctl.handler.Attempt;
import dev.qctl.handler.AttemptFailedException;
import dev.qctl.handler.FailRequestedException;
import dev.qctl.handler.HandlerRegistry;
import dev.qctl.handler.JobHandler;
import dev.qctl.handler.ReleaseRequestedException;
import dev.qctl.handler.UnhandleableJobException;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import dev.qctl.worker.InMemoryQueue.StoredJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Laravel's retry and fail rules (its tests/Queue/QueueWorkerTest.php), through a real
 * {@link JobRunner} on the in-memory store: each test pushes a job, runs its attempts as the
 * worker loop would, and checks what the store holds afterwards.
 */
class JobRunnerTest {
    private static final String QUEUE = "default";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(90);

    private InMemoryQueue store = new InMemoryQueue(RETRY_AFTER);
    private final HandlerRegistry handlers = new HandlerRegistry();
    /** The attempt number of every handler run, in order. */
    private final List<Integer> ran = new CopyOnWriteArrayList<>();

    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private int workerTries = 1;
    private String workerBackoff = "0";
    private WorkerOutput output;
    private LeaseKeeper leases;
    private AckBatcher acks;

    @BeforeEach
    void handlers() {
        WARNINGS.list.clear();
        handlers.register("succeeds", attempt -> ran.add(attempt.attempt()));
        handlers.register("fails", attempt -> {
            ran.add(attempt.attempt());
            throw new AttemptFailedException("exit status 1: boom\nstderr tail");
        });
        handlers.register("throws", attempt -> {
            ran.add(attempt.attempt());
            throw new IllegalStateException("bad state");
        });
        handlers.register("releases", attempt -> {
            ran.add(attempt.attempt());
            throw new ReleaseRequestedException(Duration.ofSeconds(30), "HTTP 429, retry after 30s");
        });
        handlers.register("unhandleable", attempt -> {
            ran.add(attempt.attempt());
            throw new UnhandleableJobException("handler sync: data has no value for {taxpayer}");
        });
        handlers.register("hangs", attempt -> {
            ran.add(attempt.attempt());
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
    }

    /** {@code inner} with a failure hook that notes each reason (and then hangs or throws, if asked). */
    private JobHandler hooked(JobHandler inner, String hookDoes) {
        return new JobHandler() {
            @Override
            public void handle(Attempt context) throws Exception {
                inner.handle(context);
            }

            @Override
            public void failedForGood(Attempt context, String reason) throws Exception {
                hookReasons.add(context.payload().uuid() + " " + reason);
                if (hookDoes.equals("hangs")) new CountDownLatch(1).await();
                if (hookDoes.equals("throws")) throw new IllegalStateException("hook broke");
            }

            @Override
            public boolean hasFailureHook() {
                return true;
            }

            @Override
            public Duration failureHookTimeout() {
                return Duration.ofMillis(200);
            }
        };
    }

    private final List<String> hookReasons = new CopyOnWriteArrayList<>();

    // ---- success ------------------------------------------------------------------------

    @Test
    void successful_job_is_deleted() {
        String id = push("succeeds", JobOptions.NONE);

        runNext();
        settle();

        assertThat(ran).containsExactly(1);
        assertThat(store.job(id)).isEmpty();
        assertThat(store.failedJobs().list(null)).isEmpty();
        assertThat(statuses()).containsExactly("starting", "success");
    }

    // ---- release with backoff -----------------------------------------------------------

    @Test
    void failed_attempt_is_released_while_tries_remain() {
        String id = push("fails", tries(3));

        runNext();

        StoredJob job = stored(id);
        assertThat(job.reserved()).isFalse();
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(waitOf(id)).isZero();
        assertThat(store.failedJobs().list(null)).isEmpty();
        assertThat(statuses()).containsExactly("starting", "released_after_exception");
    }

    @Test
    void job_is_released_with_backoff_for_its_attempt() {
        String id = push("fails", new JobOptions(5, null, "5,10,20", null, null, null));

        runNext();
        assertThat(waitOf(id)).hasSeconds(5);
        retry(id);
        assertThat(waitOf(id)).hasSeconds(10);
        retry(id);
        assertThat(waitOf(id)).hasSeconds(20);
        retry(id);
        assertThat(waitOf(id))
                .as("past the end of the list the last value repeats")
                .hasSeconds(20);
        retry(id);

        assertThat(ran).containsExactly(1, 2, 3, 4, 5);
        assertThat(store.job(id)).isEmpty();
        assertThat(store.failedJobs().list(QUEUE)).hasSize(1);
    }

    @Test
    void unlimited_tries_without_a_wait_back_off_one_two_four_seconds_up_to_a_minute() {
        String id = push("fails", new JobOptions(0, null, "0", null, null, null));

        runNext();
        assertThat(waitOf(id)).hasSeconds(1);
        retry(id);
        assertThat(waitOf(id)).hasSeconds(2);
        retry(id);
        assertThat(waitOf(id)).hasSeconds(4);
        for (int i = 0; i < 6; i++) retry(id);
        assertThat(waitOf(id)).as("capped").hasSeconds(60);
        assertThat(store.failedJobs().list(null)).isEmpty();
    }

    @Test
    void unlimited_tries_keep_a_backoff_that_waits() {
        String id = push("fails", new JobOptions(0, null, "3", null, null, null));

        runNext();
        retry(id);

        assertThat(waitOf(id)).hasSeconds(3);
    }

    @Test
    void a_job_at_the_stores_attempts_limit_fails_with_the_reason_without_running() {
        store = new InMemoryQueue(RETRY_AFTER) {
            @Override
            public long attemptsLimit() {
                return 2;
            }
        };
        String id = push("fails", tries(0));
        runNext();
        retry(id);

        assertThat(ran).containsExactly(1);
        assertThat(store.job(id)).isEmpty();
        assertThat(onlyFailedJob().exception()).startsWith("AttemptsLimit: ").contains("attempt 2");
    }

    @Test
    void worker_backoff_applies_when_the_job_sets_none() {
        workerBackoff = "7";
        String id = push("fails", tries(2));

        runNext();

        assertThat(waitOf(id)).hasSeconds(7);
    }

    @Test
    void job_backoff_overrides_worker_backoff() {
        workerBackoff = "7";
        String id = push("fails", new JobOptions(2, null, "3", null, null, null));

        runNext();

        assertThat(waitOf(id)).hasSeconds(3);
    }

    // ---- tries --------------------------------------------------------------------------

    @Test
    void job_fails_when_max_tries_exhausted() {
        Payload payload = payload("fails", tries(2));
        String id = store.push(PushRequest.now(QUEUE, payload));

        runNext();
        retry(id);

        assertThat(ran).containsExactly(1, 2);
        assertThat(store.job(id)).isEmpty();
        FailedJob failed = onlyFailedJob();
        assertThat(failed.uuid()).isEqualTo(payload.uuid());
        assertThat(failed.queue()).isEqualTo(QUEUE);
        assertThat(failed.connection()).isEqualTo("memory");
        assertThat(failed.exception()).isEqualTo("exit status 1: boom\nstderr tail");
        assertThat(statuses()).containsExactly("starting", "released_after_exception", "starting", "failed");
    }

    @Test
    void worker_tries_apply_when_the_job_sets_none() {
        workerTries = 2;
        String id = push("fails", JobOptions.NONE);

        runNext();
        assertThat(stored(id).attempts()).isEqualTo(1);
        retry(id);

        assertThat(ran).containsExactly(1, 2);
        assertThat(onlyFailedJob().exception()).startsWith("exit status 1");
    }

    @Test
    void job_max_tries_overrides_worker_tries() {
        workerTries = 1;
        String id = push("fails", tries(3));

        runNext();

        assertThat(stored(id).reserved()).isFalse();
        assertThat(store.failedJobs().list(null)).isEmpty();
    }

    @Test
    void zero_tries_retries_without_limit() {
        String id = push("fails", tries(0));

        runNext();
        for (int i = 0; i < 9; i++) retry(id);

        assertThat(ran).hasSize(10);
        assertThat(stored(id).attempts()).isEqualTo(10);
        assertThat(store.failedJobs().list(null)).isEmpty();
    }

    @Test
    void job_that_already_exceeded_max_tries_fails_without_running() {
        String id = push("succeeds", tries(1));
        store.reserve(List.of(QUEUE), 1); // a worker took it and died (or timed out) without an outcome
        store.advance(RETRY_AFTER);

        ReservedJob second = runNext();

        assertThat(second.attempts()).isEqualTo(2);
        assertThat(ran).isEmpty();
        assertThat(store.job(id)).isEmpty();
        assertThat(onlyFailedJob().exception())
                .startsWith("MaxAttemptsExceeded: succeeds-job has been attempted too many times");
    }

    @Test
    void any_exception_is_a_failed_attempt_named_by_its_class() {
        push("throws", tries(1));

        runNext();

        assertThat(onlyFailedJob().exception()).isEqualTo("IllegalStateException: bad state");
    }

    @Test
    void a_job_whose_data_lacks_its_overlap_key_fails_without_running() {
        OverlapSpec byTaxpayer = new OverlapSpec("{taxpayer}", Duration.ofMinutes(10), Duration.ofSeconds(3));
        handlers.withoutOverlapping("succeeds", byTaxpayer);
        push("succeeds", tries(3));

        runNext();

        assertThat(ran).isEmpty();
        assertThat(onlyFailedJob().exception()).isEqualTo("OverlapKey: data has no value for {taxpayer}");
    }

    // ---- retryUntil ---------------------------------------------------------------------

    @Test
    void retry_until_in_the_future_ignores_tries() {
        String id = push("fails", new JobOptions(1, null, null, null, epochNow() + 3600, null));

        runNext();
        retry(id);
        retry(id);

        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(stored(id).reserved()).isFalse();
        assertThat(store.failedJobs().list(null)).isEmpty();
    }

    @Test
    void retry_until_in_the_past_fails_job() {
        String id = push("succeeds", new JobOptions(3, null, null, null, epochNow() - 60, null));

        runNext();

        assertThat(ran).as("an expired job is not run, whatever its tries").isEmpty();
        assertThat(store.job(id)).isEmpty();
        assertThat(onlyFailedJob().exception()).startsWith("MaxAttemptsExceeded");
    }

    @Test
    void exception_after_retry_until_fails_job_even_with_tries_left() {
        handlers.register("fails-after-deadline", attempt -> {
            ran.add(attempt.attempt());
            long until = attempt.payload().options().retryUntil();
            await("retry_until to pass")
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> Instant.now().getEpochSecond() > until);
            throw new AttemptFailedException("too late");
        });
        String id = push("fails-after-deadline", new JobOptions(5, null, null, null, epochNow() + 1, null));

        runNext();

        assertThat(ran).containsExactly(1);
        assertThat(store.job(id)).isEmpty();
        assertThat(onlyFailedJob().exception()).isEqualTo("too late");
    }

    // ---- maxExceptions and release requests ---------------------------------------------

    @Test
    void max_exceptions_fails_job_even_with_tries_left() {
        String id = push("fails", new JobOptions(10, 2, null, null, null, null));

        runNext();
        assertThat(stored(id).parsed().intOr(Payload.EXCEPTIONS_FIELD, 0)).isEqualTo(1);
        retry(id);

        assertThat(ran).containsExactly(1, 2);
        assertThat(store.job(id)).isEmpty();
        assertThat(store.failedJobs().list(QUEUE)).hasSize(1);
    }

    @Test
    void release_request_does_not_count_as_exception() {
        handlers.register("flaky", attempt -> {
            ran.add(attempt.attempt());
            if (attempt.attempt() == 2) throw new ReleaseRequestedException(Duration.ZERO, "busy");
            throw new AttemptFailedException("boom");
        });
        String id = push("flaky", new JobOptions(0, 2, null, null, null, null));

        runNext();
        retry(id);
        assertThat(stored(id).parsed().intOr(Payload.EXCEPTIONS_FIELD, 0)).isEqualTo(1);
        assertThat(store.failedJobs().list(null)).isEmpty();
        retry(id);

        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(store.job(id)).isEmpty();
        assertThat(onlyFailedJob().exception()).isEqualTo("boom");
    }

    @Test
    void release_request_puts_job_back_after_its_own_delay() {
        String id = push("releases", new JobOptions(5, null, "1", null, null, null));

        runNext();

        StoredJob job = stored(id);
        assertThat(job.reserved()).isFalse();
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(waitOf(id)).as("the requested delay, not the backoff").hasSeconds(30);
        assertThat(job.parsed().has(Payload.EXCEPTIONS_FIELD)).isFalse();
    }

    @Test
    void release_requests_still_use_up_tries() {
        String id = push("releases", tries(2));

        runNext();
        retry(id);
        retry(id);

        assertThat(ran)
                .as("the third reservation is over the limit and does not run")
                .containsExactly(1, 2);
        assertThat(store.job(id)).isEmpty();
        assertThat(onlyFailedJob().exception()).startsWith("MaxAttemptsExceeded");
    }

    @Test
    void release_request_survives_a_brief_store_outage() {
        AtomicInteger releases = new AtomicInteger();
        store = new InMemoryQueue(RETRY_AFTER) {
            @Override
            public synchronized boolean release(ReservedJob job, String payload, Duration delay) {
                if (releases.incrementAndGet() == 1) throw new StoreUnavailableException("connection refused");
                return super.release(job, payload, delay);
            }
        };
        String id = push("releases", tries(3));

        runNext();

        assertThat(releases).hasValue(2);
        assertThat(stored(id).reserved()).isFalse();
        assertThat(waitOf(id)).hasSeconds(30);
    }

    // ---- timeouts -----------------------------------------------------------------------

    @Test
    void the_failure_hook_runs_once_after_the_record_for_each_way_a_job_fails_for_good() {
        handlers.register("fails-hooked", hooked(handlers.find("fails").orElseThrow(), "returns"));
        handlers.register("hangs-hooked", hooked(handlers.find("hangs").orElseThrow(), "returns"));
        handlers.register("succeeds-hooked", hooked(handlers.find("succeeds").orElseThrow(), "returns"));
        handlers.register(
                "fails-now-hooked",
                hooked(
                        attempt -> {
                            ran.add(attempt.attempt());
                            throw new FailRequestedException("exit status 76: gave up");
                        },
                        "returns"));
        String exhausted = push("fails-hooked", tries(1));
        runNext();
        String timedOut = push("hangs-hooked", new JobOptions(5, null, null, 1, null, true));
        runNext();
        String failedNow = push("fails-now-hooked", tries(5));
        runNext();
        String tooMany = push("succeeds-hooked", tries(1));
        store.reserve(List.of(QUEUE), 1); // a worker took it and died without an outcome
        store.advance(RETRY_AFTER);
        runNext();

        for (String id : List.of(exhausted, timedOut, failedNow, tooMany))
            assertThat(store.job(id)).isEmpty();
        List<String> reasons =
                hookReasons.stream().map(r -> r.substring(r.indexOf(' ') + 1)).toList();
        assertThat(reasons).hasSize(4);
        assertThat(reasons.get(0)).startsWith("exit status 1: boom");
        assertThat(reasons.get(1)).startsWith("TimedOut");
        assertThat(reasons.get(2)).startsWith("exit status 76: gave up");
        assertThat(reasons.get(3)).startsWith("MaxAttemptsExceeded");
        assertThat(store.failedJobs().list(null)).hasSize(4);
        assertThat(ran).as("fail now: no second attempt").hasSize(3);
    }

    @Test
    void a_failure_hook_that_hangs_or_throws_leaves_one_failed_record() {
        handlers.register("hook-hangs", hooked(handlers.find("fails").orElseThrow(), "hangs"));
        handlers.register("hook-throws", hooked(handlers.find("fails").orElseThrow(), "throws"));
        String hangs = push("hook-hangs", tries(1));
        runNext();
        String throwsToo = push("hook-throws", tries(1));
        runNext();

        assertThat(hookReasons).hasSize(2);
        assertThat(store.job(hangs)).isEmpty();
        assertThat(store.job(throwsToo)).isEmpty();
        assertThat(store.failedJobs().list(null)).hasSize(2);
        assertThat(warnings())
                .contains("its on_failure hook ran longer than 200ms and was ended")
                .contains("its on_failure hook failed: IllegalStateException: hook broke");
    }

    @Test
    void fail_on_timeout_fails_at_once() throws InterruptedException {
        String id = push("hangs", new JobOptions(5, null, null, 1, null, true));

        runNext();

        assertThat(interrupted.await(0, TimeUnit.SECONDS))
                .as("the handler was interrupted")
                .isTrue();
        assertThat(store.job(id)).isEmpty();
        assertThat(onlyFailedJob().exception()).startsWith("TimedOut");
    }

    @Test
    void timeout_is_a_failed_attempt_when_fail_on_timeout_is_off() throws InterruptedException {
        String id = push("hangs", new JobOptions(3, null, null, 1, null, false));

        runNext();

        assertThat(interrupted.await(0, TimeUnit.SECONDS)).isTrue();
        StoredJob job = stored(id);
        assertThat(job.reserved()).isFalse();
        assertThat(job.parsed().intOr(Payload.EXCEPTIONS_FIELD, 0)).isEqualTo(1);
        assertThat(store.failedJobs().list(null)).isEmpty();
    }

    // ---- jobs that can never run --------------------------------------------------------

    @Test
    void unknown_handler_is_failed_never_dropped() {
        String id = push("no-such-handler", tries(5));

        runNext();

        assertThat(store.job(id)).isEmpty();
        assertThat(onlyFailedJob().exception())
                .isEqualTo("UnknownHandler: no handler named 'no-such-handler' is known to this worker");
    }

    @Test
    void unreadable_payload_is_failed_and_kept_verbatim() {
        String id = store.pushRaw(QUEUE, "{not json");

        runNext();

        assertThat(store.job(id)).isEmpty();
        FailedJob failed = onlyFailedJob();
        assertThat(failed.payload()).isEqualTo("{not json");
        assertThat(failed.exception()).startsWith("InvalidPayload: ");
    }

    @Test
    void unhandleable_job_fails_whatever_its_tries() {
        push("unhandleable", tries(5));

        runNext();

        assertThat(ran).containsExactly(1);
        assertThat(onlyFailedJob().exception()).isEqualTo("handler sync: data has no value for {taxpayer}");
    }

    // ---- fencing ------------------------------------------------------------------------

    @Test
    void a_stale_reservation_cannot_ack_the_job() {
        String id = push("succeeds", tries(3));
        ReservedJob stale = store.reserve(List.of(QUEUE), 1).getFirst();
        store.advance(RETRY_AFTER); // the lease expired and another worker took the job
        ReservedJob current = store.reserve(List.of(QUEUE), 1).getFirst();

        process(stale);

        assertThat(ran).containsExactly(1);
        assertThat(stored(id).reserved()).isTrue();
        assertThat(stored(id).attempts()).isEqualTo(2);
        assertThat(warnings()).contains("ack of job " + id + " (attempt 1) rejected");

        process(current);
        settle();
        assertThat(store.job(id)).isEmpty();
    }

    @Test
    void a_stale_reservation_cannot_fail_the_job() {
        String id = push("fails", tries(1));
        ReservedJob stale = store.reserve(List.of(QUEUE), 1).getFirst();
        store.advance(RETRY_AFTER);
        store.reserve(List.of(QUEUE), 1);

        process(stale);

        assertThat(stored(id).reserved()).isTrue();
        assertThat(store.failedJobs().list(null)).isEmpty();
        assertThat(warnings()).contains("fail of job " + id + " (attempt 1) rejected");
    }

    // ---- helpers ------------------------------------------------------------------------

    private static JobOptions tries(int maxTries) {
        return new JobOptions(maxTries, null, null, null, null, null);
    }

    private static Payload payload(String handler, JobOptions options) {
        return Payload.create(handler, handler + "-job", null, options);
    }

    private String push(String handler, JobOptions options) {
        return store.push(PushRequest.now(QUEUE, payload(handler, options)));
    }

    /** Reserves the next available job and runs it through a real JobRunner, as the worker loop does. */
    private ReservedJob runNext() {
        List<ReservedJob> jobs = store.reserve(List.of(QUEUE), 1);
        assertThat(jobs).as("a job is available").hasSize(1);
        process(jobs.getFirst());
        return jobs.getFirst();
    }

    /** Lets the job's wait (its backoff or requested delay) pass, then runs its next attempt. */
    private ReservedJob retry(String id) {
        store.advance(waitOf(id));
        return runNext();
    }

    /** Runs one reserved job through a real JobRunner and the worker's other parts, made on first use. */
    private void process(ReservedJob job) {
        if (output == null) {
            output = new WorkerOutput(
                    new PrintStream(out, true, UTF_8),
                    new PrintStream(err, true, UTF_8),
                    true,
                    false,
                    store.connectionName());
            leases = new LeaseKeeper(store, output::warn);
            acks = new AckBatcher(store);
        }
        WorkerOptions options = new WorkerOptions(
                List.of(QUEUE),
                false,
                false,
                workerTries,
                workerBackoff,
                60,
                Duration.ofSeconds(3),
                Duration.ZERO,
                0,
                Duration.ZERO,
                128,
                "test",
                false,
                1,
                false,
                Duration.ZERO,
                false);
        leases.track(job, System.nanoTime());
        new JobRunner(store, handlers, options, output, leases, acks, new WorkerStats()).process(job);
    }

    /**
     * Waits for queued acks to be written and flushes the job lines, by closing the worker's
     * parts (the next {@link #process} makes new ones). Releases and fails are written before
     * {@code process} returns; only a success's ack needs this.
     */
    @AfterEach
    void settle() {
        if (output == null) return;
        acks.close();
        leases.close();
        output.close();
        output = null;
    }

    private StoredJob stored(String id) {
        return store.job(id).orElseThrow(() -> new AssertionError("job " + id + " is no longer queued"));
    }

    /** How long until the job is available again, by the store's clock. */
    private Duration waitOf(String id) {
        return Duration.between(store.now(), stored(id).availableAt());
    }

    /** What the worker warned about so far: its stderr, and what it logged (warnings go through slf4j). */
    private String warnings() {
        settle();
        StringBuilder logged = new StringBuilder();
        for (ILoggingEvent e : WARNINGS.list)
            logged.append(e.getFormattedMessage()).append('\n');
        return err.toString(UTF_8) + logged;
    }

    /** Collects the worker's log events (the logger WorkerOutput warns through). */
    private static final ListAppender<ILoggingEvent> WARNINGS = new ListAppender<>();

    static {
        WARNINGS.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Worker.class)).addAppender(WARNINGS);
    }

    private FailedJob onlyFailedJob() {
        List<FailedJob> failed = store.failedJobs().list(null);
        assertThat(failed).hasSize(1);
        return failed.getFirst();
    }

    /** The --json status of every job line written so far. */
    private List<String> statuses() {
        settle();
        return out.toString(UTF_8)
                .lines()
                .map(line -> Json.parse(line, "line").path("status").asText())
                .toList();
    }

    private static long epochNow() {
        return Instant.now().getEpochSecond();
    }
}
