package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qctl.queue.Capability;
import dev.qctl.queue.PushRequest;
import dev.qctl.queue.ReservedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pushing many jobs at once: ids in order, any size, and what a failure midway leaves behind. */
public interface BulkPushContract extends StoreUnderTest {

    @Test
    default void bulkPushReturnsIdsInOrderAndReserveTakesSeveralAtOnce() {
        List<PushRequest> requests = new ArrayList<>();
        for (int i = 0; i < 25; i++) requests.add(PushRequest.now(q(), job("bulk" + i)));
        List<String> ids = backend().pushBulk(requests);
        assertThat(ids).hasSize(25).doesNotHaveDuplicates();

        List<ReservedJob> first = backend().reserve(List.of(q()), 10);
        List<ReservedJob> rest = backend().reserve(List.of(q()), 100);

        assertThat(first).hasSize(10);
        assertThat(rest).hasSize(15);
        assertThat(first.stream().map(ReservedJob::id).toList()).isEqualTo(ids.subList(0, 10));
        assertThat(nameOf(rest.getLast())).isEqualTo("echo bulk24");
    }

    @Test
    default void aBulkPushLargerThanOneBatchKeepsEveryIdInOrder() {
        List<PushRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) requests.add(PushRequest.now(q(), job("many" + i)));
        List<String> ids = backend().pushBulk(requests);
        assertThat(ids).hasSize(2_500).doesNotHaveDuplicates();

        List<String> reserved = new ArrayList<>();
        List<ReservedJob> round;
        while (!(round = backend().reserve(List.of(q()), 500)).isEmpty()) {
            round.forEach(job -> reserved.add(job.id()));
            if (round.size() > 1) assertThat(nameOf(round.getLast())).isEqualTo("echo many" + (reserved.size() - 1));
            backend()
                    .ackAll(round); // on a slow machine the first rounds' leases (2 s) would lapse and come round again
        }
        assertThat(reserved).isEqualTo(ids);
    }

    /**
     * The caller gives up midway: its progress callback throws at the first report before the
     * end, which every store makes for a push this size (after a batch, a chunk or 100 rows).
     * {@link Capability#ATOMIC_BULK_PUSH}: nothing stays. Otherwise: exactly the jobs reported
     * written stay, in order.
     */
    @Test
    default void aBulkPushThatFailsMidwayLeavesAllOrNothingAsDeclared() {
        List<PushRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) requests.add(PushRequest.now(q(), job("part" + i)));
        IllegalStateException gaveUp = new IllegalStateException("the caller gave up");
        AtomicInteger reported = new AtomicInteger();

        assertThatThrownBy(() -> backend().pushBulk(requests, done -> {
                    if (done > 0 && done < requests.size()) {
                        reported.set(done);
                        throw gaveUp;
                    }
                }))
                .isSameAs(gaveUp);

        assertThat(reported.get()).isBetween(1, requests.size() - 1);
        if (declares(Capability.ATOMIC_BULK_PUSH)) {
            assertThat(backend().sizes(q()).total()).isZero();
        } else {
            List<String> stored = new ArrayList<>();
            List<ReservedJob> round;
            while (!(round = backend().reserve(List.of(q()), 500)).isEmpty()) {
                round.forEach(j -> stored.add(nameOf(j)));
                backend().ackAll(round);
            }
            List<String> written = new ArrayList<>();
            for (int i = 0; i < reported.get(); i++) written.add("echo part" + i);
            assertThat(stored).isEqualTo(written);
        }
    }

    /**
     * A push read from a one-pass source (dispatch --from streams its file): jobs for two queues,
     * more than one chunk each, all stored in order; and when the source breaks midway (a bad
     * line), nothing at all is stored where the store declares {@link Capability#ATOMIC_BULK_PUSH}.
     */
    @Test
    default void aStreamedPushStoresEverythingOrNothing() {
        String other = q() + "-other";
        List<PushRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) requests.add(PushRequest.now(q(), job("s" + i)));
        for (int i = 0; i < 1_200; i++) requests.add(PushRequest.now(other, job("o" + i)));
        List<String> ids = backend().pushAll(requests.iterator(), done -> {});
        assertThat(ids).hasSize(2_700).doesNotHaveDuplicates();
        assertThat(backend().sizes(q()).pending()).isEqualTo(1_500);
        assertThat(backend().sizes(other).pending()).isEqualTo(1_200);
        assertThat(nameOf(backend().reserve(List.of(other), 1).getFirst())).isEqualTo("echo o0");
        backend().clear(q());
        backend().clear(other);

        IllegalStateException badLine = new IllegalStateException("line 2501 is not JSON");
        java.util.Iterator<PushRequest> breaking = new java.util.Iterator<>() {
            int given;

            @Override
            public boolean hasNext() {
                if (given == 2_500) throw badLine;
                return true;
            }

            @Override
            public PushRequest next() {
                return PushRequest.now((given++ / 100) % 2 == 0 ? q() : other, job("b" + given));
            }
        };
        assertThatThrownBy(() -> backend().pushAll(breaking, done -> {})).isSameAs(badLine);
        if (declares(Capability.ATOMIC_BULK_PUSH)) {
            assertThat(backend().sizes(q()).total()).isZero();
            assertThat(backend().sizes(other).total()).isZero();
        }
    }
}
