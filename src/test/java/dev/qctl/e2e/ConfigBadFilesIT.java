package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qctl.testing.Qctl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 5, done-when 6: every malformed qctl.yml gets one line naming the file, line and key; exit 2. */
class ConfigBadFilesIT {
    @TempDir
    Path dir;

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(
                        "unclosed flow mapping",
                        "connections:\n  main: {url: sqlite:/tmp/x\nhandlers: {}\n",
                        "connections.main"),
                Arguments.of("misspelt top-level key", "conections:\n  main: sqlite:/tmp/x\n", "conections"),
                Arguments.of(
                        "connection without url", "connections:\n  main:\n    retry_after: 90\n", "connections.main"),
                Arguments.of(
                        "retry_after not a number",
                        "connections:\n  main: {url: 'sqlite:/tmp/x', retry_after: soon}\n",
                        "connections.main.retry_after"),
                Arguments.of(
                        "unknown URL scheme",
                        "connections:\n  main: {url: 'ftp://u:hunter2@host/q'}\n",
                        "connections.main.url"),
                Arguments.of(
                        "default names no connection",
                        "default: nope\nconnections:\n  main: sqlite:/tmp/x\n",
                        "default"),
                Arguments.of(
                        "exec is a string, not a list",
                        "handlers:\n  sync:\n    exec: php artisan sync\n",
                        "handlers.sync.exec"),
                Arguments.of(
                        "two kinds in one handler",
                        "handlers:\n  sync:\n    exec: [true]\n    java: com.acme.Sync\n",
                        "handlers.sync"),
                Arguments.of(
                        "unclosed placeholder",
                        "handlers:\n  sync:\n    exec: [php, '{taxpayer']\n",
                        "handlers.sync.exec[1]"),
                Arguments.of(
                        // a connection's variables are filled only when it is used: here it is the default
                        "unset variable",
                        "default: main\nconnections:\n  main: {url: 'postgres://u:${QCTL_TEST_UNSET_VAR}@h/db'}\n",
                        "connections.main.url"),
                Arguments.of(
                        "bad http method",
                        "handlers:\n  hook:\n    http: {method: FETCH, url: 'http://x/'}\n",
                        "handlers.hook.http.method"),
                Arguments.of("negative tries", "defaults:\n  tries: -1\n", "defaults.tries"),
                Arguments.of("duplicate key", "allow_raw: true\nallow_raw: false\n", "allow_raw"),
                Arguments.of(
                        "backoff not seconds",
                        "handlers:\n  s:\n    exec: [true]\n    backoff: [1, soon]\n",
                        "handlers.s.backoff[1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileGetsOneLineNamingFileAndKey(String what, String yaml, String key) throws Exception {
        Path file = dir.resolve("bad-" + what.replace(' ', '-') + ".yml");
        Files.writeString(file, yaml);

        Qctl.Result result = new Qctl(dir, Map.of()).run("config", "--config", file.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(2);
        assertThat(result.errLines()).as("stderr").hasSize(1);
        assertThat(result.err())
                .contains(file + ":")
                .contains(key)
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .doesNotContain("hunter2");
        assertThat(result.err()).containsPattern("\\.yml:\\d+: ");
    }

    @ParameterizedTest(name = "found as ./qctl.yml by {0}")
    @MethodSource("commands")
    void aBadFileFoundByTheSearchStopsEveryCommand(String command) throws Exception {
        Files.writeString(dir.resolve("qctl.yml"), "connections:\n  main: {url: 'sqlite:q.sqlite', pool: lots}\n");

        Qctl.Result result = new Qctl(dir).run(command.split(" "));

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err())
                .contains(dir.resolve("qctl.yml") + ":2: connections.main.pool: must be a whole number");
    }

    static Stream<String> commands() {
        return Stream.of("dispatch -- true", "work --once");
    }
}
