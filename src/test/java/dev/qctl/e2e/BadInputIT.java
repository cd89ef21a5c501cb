package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 2, done-when 6: bad input gets one clear line and a documented exit code; nothing is lost. */
class BadInputIT {
    @TempDir
    Path dir;

    static Stream<Arguments> badCommands() {
        return Stream.of(
                Arguments.of(List.of("work", "--bogus"), 2, "Unknown option: '--bogus'"),
                Arguments.of(List.of("dispatch", "--data", "{not json", "--", "echo"), 2, "--data is not valid JSON"),
                Arguments.of(
                        List.of("dispatch", "--delay", "soon", "--", "echo"),
                        2,
                        "Invalid value for option '--delay': 'soon' is not a duration"),
                Arguments.of(List.of("dispatch", "--backoff", "1,x", "--", "echo"), 2, "invalid backoff '1,x'"),
                // issue 19: numbers too large were applied as 0 s (or overflowed); now refused
                Arguments.of(
                        List.of("dispatch", "--backoff", "999999999999999999999", "--", "echo"),
                        2,
                        "a step is at most 315360000 seconds"),
                Arguments.of(
                        List.of("dispatch", "--delay=999999999999999d", "--", "echo"),
                        2,
                        "'999999999999999d' is too long a duration: at most 3650d"),
                Arguments.of(List.of("monitor", "--max=-1"), 2, "--max cannot be negative"),
                Arguments.of(List.of("dispatch", "--tries", "-1", "--", "echo"), 2, "cannot be negative"),
                Arguments.of(List.of("dispatch"), 2, "nothing to dispatch"),
                Arguments.of(
                        List.of("dispatch", "-c", "ftp://example.com/q", "--", "echo"),
                        2,
                        "unknown connection 'ftp://example.com/q'"),
                Arguments.of(List.of("dispatch", "-c", "postgres://app:hunter2@", "--", "echo"), 2, "names no host"),
                Arguments.of(List.of("dispatch", "-c", "sqlite:", "--", "echo"), 2, "names no file"),
                Arguments.of(
                        List.of("dispatch", "-c", "sqlite:/etc/hostname/q.sqlite", "--", "echo"),
                        3,
                        "cannot create directory /etc/hostname"),
                Arguments.of(
                        List.of("dispatch", "-c", "sqlite:/proc/q.sqlite", "--", "echo"),
                        3,
                        "cannot open sqlite:/proc/q.sqlite"),
                Arguments.of(
                        List.of("dispatch", "-c", "postgres://app:hunter2@127.0.0.1:1/test", "--", "echo"),
                        3,
                        "cannot open postgres://app:***@127.0.0.1:1/test"),
                Arguments.of(
                        List.of("work", "postgres://postgres@127.0.0.1:5432/test?currentSchema=qctl_never_migrated"),
                        3,
                        "run `qctl migrate -c 'postgres://postgres@127.0.0.1:5432/test?currentSchema=qctl_never_migrated'` first"),
                Arguments.of(List.of("work", "--queue", ","), 2, "--queue names no queue"),
                Arguments.of(
                        List.of("work", "--sleep", "-1"),
                        2,
                        "Invalid value for option '--sleep': '-1' is not a duration"),
                Arguments.of(List.of("retry", "--range", "9-5"), 2, "invalid --range '9-5'"),
                Arguments.of(List.of("retry", "42"), 1, "Unable to find failed job with ID [42]."),
                Arguments.of(List.of("forget", "42"), 1, "No failed job matches the given ID."),
                Arguments.of(List.of("flush"), 2, "refusing without --force when not on a terminal"),
                Arguments.of(List.of("clear", "--queue", "x"), 2, "refusing without --force when not on a terminal"));
    }

    @ParameterizedTest
    @MethodSource("badCommands")
    void badInputGetsOneLineAndItsExitCode(List<String> args, int exit, String message) throws Exception {
        Qctl.Result result = new Qctl(dir).run(args.toArray(String[]::new));

        assertThat(result.exit()).as(result.err()).isEqualTo(exit);
        assertThat(result.errLines()).as("stderr").hasSize(1);
        assertThat(result.err()).contains(message).doesNotContain("hunter2").doesNotContain("\tat ");
    }

    @Test
    void aMalformedLineInADispatchFileEnqueuesNothing() throws Exception {
        Qctl qctl = new Qctl(dir);
        Path file = dir.resolve("jobs.jsonl");
        Files.writeString(
                file, "[\"echo\",\"1\"]\n\n{\"job\":\"exec\",\"data\":{\"argv\":[\"echo\",\"2\"]}}\n[\"echo\", 3\n");

        Qctl.Result result = qctl.run("dispatch", "--from", file.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).contains(file + ":4:").contains("nothing was dispatched");
        assertThat(qctl.run("monitor", "--json").out()).contains("\"size\":0");
    }

    @Test
    void payloadsTheWorkerCannotReadOrHandleAreFailedWithTheReasonNotDropped() throws Exception {
        Qctl qctl = new Qctl(dir);
        assertThat(qctl.run("dispatch", "--", "true").exit()).isZero(); // creates the default store
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + qctl.defaultStore());
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO jobs (queue, payload, attempts, available_at, created_at) VALUES "
                    + "('default', '{this is not json', 0, 0, 0), "
                    + "('default', '{\"uuid\":\"5b0d1f9e-0000-4000-8000-000000000001\",\"displayName\":\"App\\\\Jobs\\\\Sync\","
                    + "\"job\":\"Illuminate\\\\Queue\\\\CallQueuedHandler@call\",\"data\":{}}', 0, 0, 0)");
        }

        Qctl.Result worker = qctl.run("work", "--stop-when-empty", "--sleep", "0.1");

        assertThat(worker.exit()).as(worker.err()).isZero();
        JsonNode failed = Json.parse(qctl.run("failed", "--json").out(), "failed");
        assertThat(failed).hasSize(2);
        assertThat(failed.toString())
                .contains("InvalidPayload: payload is not valid JSON")
                .contains("UnknownHandler: no handler named 'Illuminate\\\\Queue\\\\CallQueuedHandler@call'");
        assertThat(qctl.run("monitor", "--json").out()).contains("\"size\":0");
    }
}
