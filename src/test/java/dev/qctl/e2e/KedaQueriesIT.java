package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.qctl.sql.TestStores;
import dev.qctl.testing.Qctl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the KEDA ScaledObjects' measures of queue depth, taken from dist/kubernetes, read
 * against real stores holding ready and delayed jobs, give the numbers `qctl monitor --json`
 * reports: the SQL query counts pending + delayed, the Redis list length is pending.
 */
class KedaQueriesIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    @Test
    void postgresQueryCountsWhatMonitorReports() throws Exception {
        String url = TestStores.postgresUrl();
        String queue = "keda-" + System.nanoTime();
        JsonNode row = fill(url, queue);
        String query = trigger("keda-postgres.yaml").path("query").asText().replace("'default'", "'" + queue + "'");
        assertThat(query).contains(queue);
        URI uri = URI.create(url);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath() + "?user="
                + uri.getUserInfo().split(":")[0];
        try (Connection c = DriverManager.getConnection(jdbc);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            assertThat(rs.getLong(1))
                    .isEqualTo(3)
                    .isEqualTo(
                            row.path("pending").asLong() + row.path("delayed").asLong());
        }
    }

    @Test
    void redisListLengthIsWhatMonitorReportsPending() throws Exception {
        String url = TestStores.redisUrl();
        String queue = "keda-" + System.nanoTime();
        JsonNode row = fill(url, queue);
        String list = trigger("keda-redis.yaml").path("listName").asText().replace("default", queue);
        try (RedisClient client = RedisClient.create(url);
                StatefulRedisConnection<String, String> redis = client.connect()) {
            assertThat(redis.sync().llen(list))
                    .isEqualTo(2)
                    .isEqualTo(row.path("pending").asLong());
        }
    }

    /** Two ready jobs and one delayed on {@code queue}; returns monitor --json's row for it. */
    private JsonNode fill(String url, String queue) throws Exception {
        Qctl qctl = new Qctl(dir);
        assertThat(qctl.run("migrate", "-c", url).exit()).isZero();
        for (String delay : new String[] {"0s", "0s", "1h"}) {
            Qctl.Result r = qctl.run("dispatch", "-c", url, "--queue", queue, "--delay", delay, "--", "true");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        Qctl.Result monitor = qctl.run("monitor", "-c", url, "--queue", queue, "--json");
        assertThat(monitor.exit()).as(monitor.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(monitor.out());
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = rows.get(0);
        assertThat(row.path("pending").asLong()).isEqualTo(2);
        assertThat(row.path("delayed").asLong()).isEqualTo(1);
        return row;
    }

    private static JsonNode trigger(String file) throws Exception {
        return YAML.readTree(Path.of("dist", "kubernetes", file).toFile())
                .path("spec")
                .path("triggers")
                .get(0)
                .path("metadata");
    }
}
