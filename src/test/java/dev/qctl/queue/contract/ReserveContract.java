package dev.qctl.queue.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.queue.ReservedJob;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reserving: order within a queue, priority across queues, never more than asked, never twice. */
public interface ReserveContract extends StoreUnderTest {

    @Test
    default void emptyQueueReservesNothing() {
        assertThat(backend().reserve(List.of(q()), 5)).isEmpty();
    }

    @Test
    default void jobsComeOutInTheOrderTheyWentIn() {
        for (int i = 0; i < 5; i++) push(q(), "job" + i);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++)
            names.add(nameOf(backend().reserve(List.of(q()), 1).getFirst()));
        assertThat(names).containsExactly("echo job0", "echo job1", "echo job2", "echo job3", "echo job4");
    }

    @Test
    default void earlierQueuesInThePriorityListDrainFirst() {
        push(q() + "-low", "low");
        push(q() + "-high", "high");
        List<String> queues = List.of(q() + "-high", q() + "-low");

        assertThat(nameOf(backend().reserve(queues, 1).getFirst())).isEqualTo("echo high");
        assertThat(nameOf(backend().reserve(queues, 1).getFirst())).isEqualTo("echo low");
    }

    @Test
    default void reservingSeveralFillsFromLaterQueuesOnlyAfterEarlierOnes() {
        push(q() + "-low", "low1");
        push(q() + "-high", "high1");
        push(q() + "-high", "high2");

        List<ReservedJob> jobs = backend().reserve(List.of(q() + "-high", q() + "-low"), 3);

        assertThat(jobs.stream().map(this::nameOf).toList()).containsExactly("echo high1", "echo high2", "echo low1");
        assertThat(jobs.getLast().queue()).isEqualTo(q() + "-low");
    }

    @Test
    default void aReservedJobIsNotHandedOutAgainWhileItsLeaseLasts() {
        push(q(), "once");
        assertThat(backend().reserve(List.of(q()), 1)).hasSize(1);
        assertThat(backend().reserve(List.of(q()), 1)).isEmpty();
    }

    @Test
    default void afterTidyingEveryJobIsKeptAndAReservationTakesNoMoreThanAsked() {
        push(q(), "done");
        backend().ack(backend().reserve(List.of(q()), 1).getFirst());
        push(q(), "waiting0");
        // PostgreSQL analyzes the table here while it holds about one row; with such statistics
        // its planner once rescanned the reservation's subquery per row and reserved every job
        backend().tidy();
        for (int i = 1; i < 5; i++) push(q(), "waiting" + i);

        assertThat(backend().sizes(q()).pending()).isEqualTo(5);
        List<ReservedJob> one = backend().reserve(List.of(q()), 1);
        assertThat(one).extracting(this::nameOf).containsExactly("echo waiting0");
        assertThat(backend().sizes(q()).reserved()).isEqualTo(1);
        assertThat(backend().reserve(List.of(q()), 2))
                .extracting(this::nameOf)
                .containsExactly("echo waiting1", "echo waiting2");
    }
}
