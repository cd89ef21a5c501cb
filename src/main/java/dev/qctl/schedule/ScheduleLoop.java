package dev.qctl.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code schedule:work}: at every minute boundary, runs that minute (on a thread of its own, so
 * a long entry never makes the loop miss the next boundary), until {@link #stop} (SIGTERM) or
 * {@code interrupted} (a {@code schedule:interrupt}) says to stop; then waits for the runs
 * still going, and returns. Time comes from {@code clock} and passes by {@code sleeper}, so a
 * test can drive it with a fake clock.
 */
public final class ScheduleLoop {
    /** Waits; a test's fake clock moves forward instead. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** How often the loop looks at the stop flags while it waits for a boundary. */
    static final Duration TICK = Duration.ofMillis(200);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<Instant> runMinute;
    private final BooleanSupplier interrupted;
    private final AtomicBoolean stopping = new AtomicBoolean();

    public ScheduleLoop(Clock clock, Sleeper sleeper, Consumer<Instant> runMinute, BooleanSupplier interrupted) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.runMinute = runMinute;
        this.interrupted = interrupted;
    }

    /** Asks the loop to start nothing more; {@link #run} returns once the current runs end. */
    public void stop() {
        stopping.set(true);
    }

    /** Runs until stopped; returns why it stopped ("terminated" or "interrupted"). */
    public String run() throws InterruptedException {
        List<Thread> runs = new ArrayList<>();
        Instant next = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        String why;
        while (true) {
            if (stopping.get()) {
                why = "terminated";
                break;
            }
            if (interrupted.getAsBoolean()) {
                why = "interrupted";
                break;
            }
            Instant now = clock.instant();
            if (!now.isBefore(next)) {
                Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
                runs.removeIf(t -> !t.isAlive());
                runs.add(Thread.ofVirtual().name("schedule-" + minute).start(() -> runMinute.accept(minute)));
                next = minute.plus(Duration.ofMinutes(1));
                continue;
            }
            Duration wait = Duration.between(now, next);
            sleeper.sleep(wait.compareTo(TICK) < 0 ? wait : TICK);
        }
        for (Thread t : runs) t.join();
        return why;
    }
}
