package dev.qctl.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** schedule:work's loop under a fake clock: the clock moves only when the loop sleeps. */
class ScheduleLoopTest {
    /** A clock that a sleep moves forward; it never goes by itself. */
    static final class FakeClock extends Clock {
        volatile Instant now;

        FakeClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        /** Moves the clock on, and gives the loop's entry threads a real moment to run. */
        void sleep(Duration d) throws InterruptedException {
            now = now.plus(d);
            Thread.sleep(1);
        }
    }

    record Fired(Instant minute, Instant clockAt) {}

    @Test
    void firesAtEachMinuteBoundaryWithinASecondAndStopsWhenTerminated() throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2026-03-08T06:58:23.400Z"));
        List<Fired> fired = new CopyOnWriteArrayList<>();
        ScheduleLoop[] loop = new ScheduleLoop[1];
        loop[0] = new ScheduleLoop(
                clock,
                clock::sleep,
                minute -> {
                    fired.add(new Fired(minute, clock.instant()));
                    if (fired.size() == 3) loop[0].stop();
                },
                () -> false);

        String why = loop[0].run();

        assertThat(why).isEqualTo("terminated");
        assertThat(fired)
                .extracting(Fired::minute)
                .containsExactly(
                        Instant.parse("2026-03-08T06:59:00Z"),
                        Instant.parse("2026-03-08T07:00:00Z"),
                        Instant.parse("2026-03-08T07:01:00Z"));
        for (Fired f : fired)
            assertThat(Duration.between(f.minute(), f.clockAt())).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anInterruptStopsItAfterTheRunningEntriesFinish() throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2026-03-08T06:59:59.000Z"));
        AtomicBoolean interrupt = new AtomicBoolean();
        AtomicBoolean entryFinished = new AtomicBoolean();
        ScheduleLoop loop = new ScheduleLoop(
                clock,
                clock::sleep,
                minute -> {
                    interrupt.set(true); // schedule:interrupt arrives while the entry runs
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    entryFinished.set(true);
                },
                interrupt::get);

        assertThat(loop.run()).isEqualTo("interrupted");
        assertThat(entryFinished).as("run() waited for the running entry").isTrue();
    }

    @Test
    void aLongEntryDoesNotMakeTheLoopMissTheNextBoundary() throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2026-03-08T06:59:30Z"));
        List<Instant> minutes = new CopyOnWriteArrayList<>();
        ScheduleLoop[] loop = new ScheduleLoop[1];
        loop[0] = new ScheduleLoop(
                clock,
                clock::sleep,
                minute -> {
                    minutes.add(minute);
                    if (minutes.size() == 2) loop[0].stop();
                    else {
                        try {
                            Thread.sleep(500); // a "long" entry: 500 ms real, while the fake clock runs on
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                () -> false);
        loop[0].run();
        assertThat(minutes)
                .containsExactly(Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-08T07:01:00Z"));
    }
}
