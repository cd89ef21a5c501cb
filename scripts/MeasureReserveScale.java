import dev.qctl.queue.ConnectionUrl;
import dev.qctl.config.Stores;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ReservedJob;
import java.sql.DriverManager;
import java.util.List;

/**
 * Measures what reserving and acking the next job costs with 1,000 and with 1,000,000 jobs
 * waiting. Run: java -cp 'target/qctl/lib/*' scripts/MeasureReserveScale.java URL JDBC_URL
 */
public class MeasureReserveScale {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String jdbc = args[1];
        String queue = "scale-measure";
        try (QueueBackend backend = Stores.open(Stores.parse(url), 2)) {
            for (int waiting : new int[] {1_000, 1_000_000}) {
                backend.clear(queue);
                try (var c = DriverManager.getConnection(jdbc); var s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO jobs (queue, payload, attempts, reserved_at, available_at, created_at) "
                            + "SELECT '" + queue + "', '{\"uuid\":\"' || g || '\",\"job\":\"noop\",\"data\":{}}', 0, NULL, 0, 0 "
                            + "FROM generate_series(1, " + waiting + ") g");
                    s.execute("ANALYZE jobs");
                }
                for (int i = 0; i < 100; i++) cycle(backend, queue); // warm up
                int n = 800;
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) cycle(backend, queue);
                double us = (System.nanoTime() - start) / 1000.0 / n;
                System.out.printf("%,d waiting: reserve + ack = %.0f µs per job (%d cycles)%n", waiting, us, n);
            }
            backend.clear(queue);
        }
    }

    private static void cycle(QueueBackend backend, String queue) {
        List<ReservedJob> jobs = backend.reserve(List.of(queue), 1);
        backend.delete(jobs.getFirst());
    }
}
