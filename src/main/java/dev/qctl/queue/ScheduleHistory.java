package dev.qctl.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The last runs of each scheduled entry, kept in the store for {@code schedule:list}. */
public interface ScheduleHistory {
    /** How many runs are kept per entry; older ones are dropped as new ones are recorded. */
    int KEEP = 10;

    /**
     * One run of an entry.
     *
     * @param status {@code DONE}, {@code FAIL exit N}, {@code DISPATCHED}, … as {@code schedule:run} printed it
     */
    record Run(String entry, Instant startedAt, Duration duration, String status, String host) {}

    void record(Run run);

    /** The entry's runs, newest first, at most {@code limit}. */
    List<Run> last(String entry, int limit);
}
