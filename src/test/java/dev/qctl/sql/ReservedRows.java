package dev.qctl.sql;

import dev.qctl.config.Stores;
import dev.qctl.queue.QueueBackend;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/** What the jobs table holds for one queue's reserved rows, read behind the queue's back, for tests. */
public final class ReservedRows {
    private ReservedRows() {}

    /** Each reserved job's id and stored attempts. */
    public static Map<String, Long> attempts(String url, String queue) {
        try (QueueBackend backend = Stores.open(Stores.parse(url), 1)) {
            return ((SqlQueueBackend) backend).store().read(c -> {
                Map<String, Long> rows = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, attempts FROM jobs WHERE queue = ? AND reserved_at IS NOT NULL")) {
                    ps.setString(1, queue);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) rows.put(Long.toString(rs.getLong(1)), rs.getLong(2));
                    }
                }
                return rows;
            });
        }
    }
}
