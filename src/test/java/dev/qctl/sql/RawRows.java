package dev.qctl.sql;

import dev.qctl.queue.QueueBackend;
import java.sql.PreparedStatement;

/** Writes to the jobs table behind the queue's back, as a hostile or hand-made row would arrive. */
public final class RawRows {
    private RawRows() {}

    public static void setAttempts(QueueBackend backend, String id, long attempts) {
        int changed = ((SqlQueueBackend) backend).store().tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET attempts = ? WHERE id = ?")) {
                ps.setLong(1, attempts);
                ps.setLong(2, Long.parseLong(id));
                return ps.executeUpdate();
            }
        });
        if (changed != 1) throw new AssertionError("no job " + id + " to set attempts on");
    }

    /** Sets a row's attempts and makes it due now: a delayed job edited behind qctl's back (LedgerIT). */
    public static void setAttemptsAndMakeDue(QueueBackend backend, String id, long attempts) {
        int changed = ((SqlQueueBackend) backend).store().tx(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE jobs SET attempts = ?, available_at = 0 WHERE id = ?")) {
                ps.setLong(1, attempts);
                ps.setLong(2, Long.parseLong(id));
                return ps.executeUpdate();
            }
        });
        if (changed != 1) throw new AssertionError("no job " + id + " to set attempts on");
    }
}
