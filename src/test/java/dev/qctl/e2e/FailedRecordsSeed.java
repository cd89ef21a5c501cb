package dev.qctl.e2e;

import dev.qctl.config.Stores;
import dev.qctl.queue.ConnectionUrl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes failed records straight into a store, in one statement or script, as a big failure
 * would have left them: record {@code i} (1..n, ids ascending with i) has uuid {@link #uuid},
 * display name {@code SeededJob<i>}, exception {@code SeedFailure <i>} followed by a stack trace,
 * and about 1.5 KB of text in all, as Laravel's records with their traces are.
 */
final class FailedRecordsSeed {
    /** What each record's exception carries after its first line: a trace's worth of text. */
    private static final String TRACE = "\\n    at dev.seed.Frame.call(Frame.java:42)".repeat(25);

    private FailedRecordsSeed() {}

    static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    /** {@code n} records on {@code queue} of a SQLite file, a PostgreSQL database (migrated) or a Redis database. */
    static void write(String url, String queue, int n) throws SQLException {
        ConnectionUrl parsed = Stores.parse(url);
        switch (parsed.family()) {
            case "sqlite" -> sql("jdbc:sqlite:" + parsed.file(), sqliteInsert(queue, n));
            case "postgres" ->
                sql(
                        "jdbc:postgresql://" + parsed.hosts().getFirst() + "/" + parsed.database() + "?user="
                                + parsed.user(),
                        postgresInsert(queue, n));
            case "redis" -> redis(url, queue, n);
            default -> throw new IllegalArgumentException(parsed.family());
        }
    }

    private static String sqliteInsert(String queue, int n) {
        String uuid = "printf('00000000-0000-4000-8000-%012d', i)";
        return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + n + ") "
                + "INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at) SELECT "
                + uuid + ", 'database', '" + queue + "', "
                + "'{\"uuid\":\"' || " + uuid + " || '\",\"displayName\":\"SeededJob' || i || '\",\"job\":\"exec\","
                + "\"data\":{\"argv\":[\"true\"],\"pad\":\"" + "p".repeat(300) + "\"}}', "
                + "'SeedFailure ' || i || replace('" + TRACE + "', '\\n', char(10)), datetime('now') FROM n";
    }

    private static String postgresInsert(String queue, int n) {
        String uuid = "format('00000000-0000-4000-8000-%s', lpad(i::text, 12, '0'))";
        return "INSERT INTO failed_jobs (uuid, connection, queue, payload, exception, failed_at) SELECT "
                + uuid + ", 'database', '" + queue + "', "
                + "'{\"uuid\":\"' || " + uuid + " || '\",\"displayName\":\"SeededJob' || i || '\",\"job\":\"exec\","
                + "\"data\":{\"argv\":[\"true\"],\"pad\":\"" + "p".repeat(300) + "\"}}', "
                + "'SeedFailure ' || i || replace('" + TRACE + "', '\\n', chr(10)), now() "
                + "FROM generate_series(1, " + n + ") AS i";
    }

    private static void sql(String jdbc, String insert) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc);
                Statement s = c.createStatement()) {
            s.executeUpdate(insert);
        }
    }

    /** qctl's Redis layout (see RedisFailedJobStore), written by one script: ids from failed:seq as fail.lua takes them. */
    private static void redis(String url, String queue, int n) {
        String script = """
                local t = redis.call('TIME')
                local at = string.format('%d', tonumber(t[1]) * 1000)
                local trace = string.gsub(ARGV[3], '\\\\n', '\\n')
                for i = 1, tonumber(ARGV[2]) do
                  local id = redis.call('INCR', 'qctl:failed:seq')
                  local uuid = string.format('00000000-0000-4000-8000-%012d', i)
                  local payload = '{"uuid":"' .. uuid .. '","displayName":"SeededJob' .. i
                    .. '","job":"exec","data":{"argv":["true"],"pad":"' .. string.rep('p', 300) .. '"}}'
                  redis.call('HSET', 'qctl:failed:' .. id, 'id', id, 'uuid', uuid, 'connection', 'redis',
                    'queue', ARGV[1], 'payload', payload, 'exception', 'SeedFailure ' .. i .. trace, 'failed_at', at)
                  redis.call('ZADD', 'qctl:failed:ids', id, id)
                  redis.call('HSET', 'qctl:failed:uuids', uuid, id)
                end
                return tonumber(ARGV[2])
                """;
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().eval(script, ScriptOutputType.INTEGER, new String[0], queue, Integer.toString(n), TRACE);
        } finally {
            client.shutdown();
        }
    }
}
