package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.qctl.queue.Capability;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link QueueBackend#onNewJobs}. Where the store declares {@link Capability#WAKE_ON_PUSH}, a push
 * to a watched queue calls {@code wake} within {@link #WAKE_WITHIN}, and no call follows the
 * subscription's close. Where it does not, the documented fallback: the subscription never
 * calls, and the jobs are there for a worker's next poll all the same. A push to a queue
 * nobody watches may wake the subscriber or not, and so may a reconnect: neither is checked.
 */
public interface WakeUpContract extends StoreUnderTest {
    /** Generous for a loaded machine; a healthy store wakes within milliseconds. */
    Duration WAKE_WITHIN = Duration.ofSeconds(5);
    /** How long "no call" is watched for. */
    Duration QUIET = Duration.ofMillis(750);

    @Test
    default void aPushToAWatchedQueueWakesTheSubscriber() throws Exception {
        Wakeups woken = new Wakeups();
        try (AutoCloseable subscription = backend().onNewJobs(List.of(q()), woken)) {
            push(q(), "first");
            if (declares(Capability.WAKE_ON_PUSH)) {
                woken.awaitMoreThan(0);
                assertThat(takeAll(List.of(q()))).containsExactly("echo first"); // what a woken worker does
                int seen = woken.settle();
                push(q(), "second"); // the channel is surely live now, so this push is news of its own
                woken.awaitMoreThan(seen);
            } else {
                push(q(), "second");
                woken.staysAt(0);
            }
        }
        assertThat(takeAll(List.of(q()))).endsWith("echo second");
    }

    @Test
    default void aPushToAnyOfTheWatchedQueuesWakesTheSubscriber() throws Exception {
        List<String> watched = List.of(q() + "-high", q());
        Wakeups woken = new Wakeups();
        try (AutoCloseable subscription = backend().onNewJobs(watched, woken)) {
            if (declares(Capability.WAKE_ON_PUSH)) {
                primed(woken);
                for (String queue : watched) {
                    push(q() + "-low", "unwatched"); // may wake the subscriber or not
                    int seen = woken.settle();
                    push(queue, "news for " + queue);
                    woken.awaitMoreThan(seen);
                    assertThat(takeAll(watched)).containsExactly("echo news for " + queue);
                }
            } else {
                for (String queue : watched) push(queue, "news for " + queue);
                push(q() + "-low", "unwatched");
                woken.staysAt(0);
                assertThat(takeAll(watched)).hasSize(2);
            }
        }
    }

    @Test
    default void aBulkPushToAWatchedQueueWakesTheSubscriber() throws Exception {
        List<PushRequest> requests = List.of(
                PushRequest.now(q(), job("bulk0")),
                PushRequest.now(q(), job("bulk1")),
                PushRequest.now(q(), job("bulk2")));
        Wakeups woken = new Wakeups();
        try (AutoCloseable subscription = backend().onNewJobs(List.of(q()), woken)) {
            if (declares(Capability.WAKE_ON_PUSH)) {
                primed(woken);
                int seen = woken.settle();
                backend().pushBulk(requests);
                woken.awaitMoreThan(seen);
            } else {
                backend().pushBulk(requests);
                woken.staysAt(0);
            }
        }
        assertThat(takeAll(List.of(q()))).containsExactly("echo bulk0", "echo bulk1", "echo bulk2");
    }

    @Test
    default void noCallFollowsTheSubscriptionsClose() throws Exception {
        Wakeups woken = new Wakeups();
        AutoCloseable subscription = backend().onNewJobs(List.of(q()), woken);
        if (declares(Capability.WAKE_ON_PUSH)) primed(woken);

        subscription.close();
        int seen = woken.count();
        push(q(), "after close");

        woken.staysAt(seen);
        if (!declares(Capability.WAKE_ON_PUSH)) assertThat(seen).isZero();
        assertThat(takeAll(List.of(q()))).containsExactly("echo after close");
    }

    /**
     * Waits until the subscription is surely listening: a first push has woken it (its job is
     * taken again, as a worker would) and the calls have died down.
     */
    private void primed(Wakeups woken) {
        push(q(), "primer");
        woken.awaitMoreThan(0);
        assertThat(takeAll(List.of(q()))).containsExactly("echo primer");
        woken.settle();
    }

    /** Reserves and acks everything available on these queues; returns the jobs' names in order. */
    private List<String> takeAll(List<String> queues) {
        List<ReservedJob> jobs = backend().reserve(queues, 100);
        backend().ackAll(jobs);
        return jobs.stream().map(this::nameOf).toList();
    }

    /** A {@code wake} that counts its calls. */
    final class Wakeups implements Runnable {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public void run() {
            calls.incrementAndGet();
        }

        int count() {
            return calls.get();
        }

        void awaitMoreThan(int seen) {
            await("a wake-up after " + seen)
                    .atMost(WAKE_WITHIN)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> calls.get() > seen);
        }

        void staysAt(int seen) {
            await("no wake-up after " + seen)
                    .during(QUIET)
                    .atMost(QUIET.plusSeconds(1))
                    .pollInterval(Duration.ofMillis(25))
                    .until(() -> calls.get() == seen);
        }

        /** Waits until no call has come for 300 ms; returns the count then. */
        int settle() {
            AtomicInteger last = new AtomicInteger(-1);
            await("wake-ups to die down")
                    .atMost(WAKE_WITHIN)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> last.getAndSet(calls.get()) == calls.get());
            return calls.get();
        }
    }
}
