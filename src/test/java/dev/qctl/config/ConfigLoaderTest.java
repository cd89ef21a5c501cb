package dev.qctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qctl.queue.ConnectionUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Path FILE = Path.of("/srv/app/qctl.yml");
    private final Map<String, String> env = Map.of("PG_HOST", "db.internal", "PG_PASS", "s3cret");
    private final ConfigLoader loader = new ConfigLoader(env::get);

    @Test
    void readsConnectionsHandlersAndDefaultsWithInterpolation() {
        QctlConfig config = loader.parse(FILE, """
                default: main
                connections:
                  main: {url: "postgres://app@${PG_HOST}:${PG_PORT:-5432}/app", retry_after: 120, pool: 10, password_env: PG_PASS}
                  local: sqlite:jobs.sqlite
                handlers:
                  sync-mailbox:
                    exec: [php, artisan, app:sync-taxpayer, "{taxpayer}"]
                    timeout: 120
                    tries: 3
                    backoff: [60, 120, 300]
                    queue: mailbox-sync
                  invoice: {java: com.acme.SendInvoice}
                defaults: {queue: work, tries: 2, timeout: 30}
                schedule:
                  echo-each-minute:
                    cron: "* * * * *"
                    command: [echo, "${NOT_SET_AND_IGNORED}"]
                """);

        assertThat(config.defaultConnection()).isEqualTo("main");
        NamedConnection main = config.connections().get("main");
        assertThat(main.url().host()).isEqualTo("db.internal");
        assertThat(main.url().port()).isEqualTo(5432);
        ConnectionUrl resolved = main.resolve(env::get);
        assertThat(resolved.password()).isEqualTo("s3cret");
        assertThat(resolved.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(main.poolSize(2)).isEqualTo(10);
        assertThat(config.connections().get("local").url().file()).isEqualTo(Path.of("/srv/app/jobs.sqlite"));

        HandlerSpec sync = config.handler("sync-mailbox").orElseThrow();
        assertThat(sync.exec()).containsExactly("php", "artisan", "app:sync-taxpayer", "{taxpayer}");
        assertThat(sync.options().maxTries()).isEqualTo(3);
        assertThat(sync.options().timeout()).isEqualTo(120);
        assertThat(sync.options().backoff()).isEqualTo("60,120,300");
        assertThat(sync.queue()).isEqualTo("mailbox-sync");
        assertThat(config.handler("invoice").orElseThrow().kind()).isEqualTo("java");
        assertThat(config.defaults()).isEqualTo(new JobDefaults("work", 2, 30, null, null, null));
    }

    @Test
    void unknownJobsIsFailByDefaultOrRelease() {
        assertThat(loader.parse(FILE, "defaults: {unknown_jobs: release}\n")
                        .defaults()
                        .releaseUnknownJobs())
                .isTrue();
        assertThat(loader.parse(FILE, "defaults: {unknown_jobs: fail}\n")
                        .defaults()
                        .releaseUnknownJobs())
                .isFalse();
        assertThat(loader.parse(FILE, "defaults: {queue: q}\n").defaults().releaseUnknownJobs())
                .isFalse();
        assertThatThrownBy(() -> loader.parse(FILE, "defaults: {unknown_jobs: skip}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("defaults.unknown_jobs: must be fail or release");
    }

    @Test
    void aConnectionNamedDefaultIsTheDefault() {
        QctlConfig config = loader.parse(FILE, "connections:\n  default: sqlite:/tmp/q.sqlite\n");
        assertThat(config.defaultConnection()).isEqualTo("default");
    }

    @Test
    void precedenceIsFlagThenEnvironmentThenFile() {
        QctlConfig config =
                loader.parse(FILE, "connections:\n  default: sqlite:/tmp/a.sqlite\n  other: sqlite:/tmp/b.sqlite\n");
        Map<String, String> withEnv = Map.of("QCTL_CONNECTION", "other");
        assertThat(Connections.resolve(null, config, k -> null).url().file()).isEqualTo(Path.of("/tmp/a.sqlite"));
        assertThat(Connections.resolve(null, config, withEnv::get).url().file()).isEqualTo(Path.of("/tmp/b.sqlite"));
        assertThat(Connections.resolve("sqlite:/tmp/c.sqlite", config, withEnv::get)
                        .url()
                        .file())
                .isEqualTo(Path.of("/tmp/c.sqlite"));
        assertThat(Connections.resolve("default", config, withEnv::get).url().file())
                .isEqualTo(Path.of("/tmp/a.sqlite"));
        assertThatThrownBy(() -> Connections.resolve("nope", config, withEnv::get))
                .hasMessageContaining("names no connection")
                .hasMessageContaining("known: default, other");
    }

    /** Issue 19: an alias inside a list was read as the alias's name ("php" became "bin"). */
    @Test
    void anAliasIsAOneLineErrorNotItsName() {
        String inList = """
                handlers:
                  first:
                    exec: [&bin php, artisan]
                  second:
                    exec: [*bin, other]
                """;
        assertThatThrownBy(() -> loader.parse(FILE, inList))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/srv/app/qctl.yml:5: handlers.second.exec[0]: YAML alias *bin is not supported here;"
                        + " write the value out");
        String inBlockList = "defaults: {queue: &q work}\nhandlers:\n  x:\n    exec:\n      - echo\n      - *q\n";
        assertThatThrownBy(() -> loader.parse(FILE, inBlockList))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("/srv/app/qctl.yml:6: handlers.x.exec[1]: YAML alias *q");
        assertThatThrownBy(() -> loader.parse(FILE, "defaults: {queue: &q work, tries: *q}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("YAML alias *q");
    }

    @Test
    void errorsNameFileLineAndKey() {
        assertThatThrownBy(() -> loader.parse(FILE, "connections:\n  main:\n    url: sqlite:/x\n    pool: lots\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/srv/app/qctl.yml:4: connections.main.pool: must be a whole number ≥ 1 (got 'lots')");
    }

    @Test
    void placeholdersFillOneValueEach() {
        var data = JsonNodeFactory.instance.objectNode().put("taxpayer", "42; rm -rf /");
        data.putObject("user").put("id", 7);
        assertThat(Placeholders.fill("--id={taxpayer}", data, v -> v)).isEqualTo("--id=42; rm -rf /");
        assertThat(Placeholders.fill("{user.id}-{{x}}", data, v -> v)).isEqualTo("7-{x}");
        assertThatThrownBy(() -> Placeholders.fill("{missing}", data, v -> v))
                .hasMessage("data has no value for {missing}");
        assertThatThrownBy(() -> Placeholders.names("{open")).hasMessageContaining("unclosed");
    }

    @Test
    void limitsAreCountsPerPeriodAndHandlersNameThem() {
        QctlConfig config = loader.parse(FILE, """
                limits:
                  tax-api: 100/minute
                  mail: 10/second
                  burst: 50/10s
                handlers:
                  file-return: {exec: [tws, file], limit: tax-api}
                  plain: {exec: [echo]}
                """);
        assertThat(config.handler("file-return").orElseThrow().limit())
                .isEqualTo(new RateLimitSpec("tax-api", 100, Duration.ofMinutes(1)));
        assertThat(config.handler("plain").orElseThrow().limit()).isNull();
        assertThat(RateLimitSpec.parse("x", "50/10s")).isEqualTo(new RateLimitSpec("x", 50, Duration.ofSeconds(10)));
        assertThat(RateLimitSpec.parse("x", "10/second").period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RateLimitSpec.parse("x", "0/second")).isNull();
        assertThat(RateLimitSpec.parse("x", "ten a minute")).isNull();

        assertThatThrownBy(() -> loader.parse(FILE, "limits: {api: lots}\n"))
                .hasMessageContaining("limits.api")
                .hasMessageContaining("COUNT/PERIOD");
        assertThatThrownBy(
                        () -> loader.parse(FILE, "limits: {api: 5/minute}\nhandlers: {h: {exec: [x], limit: apj}}\n"))
                .hasMessageContaining("handlers.h.limit")
                .hasMessageContaining("known: api");
    }

    @Test
    void withoutOverlappingTakesAKeyTemplateAndTwoDurations() {
        QctlConfig config = loader.parse(FILE, """
                handlers:
                  sync: {exec: [sync], without_overlapping: {key: "{taxpayer}", expire_after: 10m, release_after: 2s}}
                  nightly: {exec: [nightly], without_overlapping: true}
                  plain: {exec: [echo]}
                """);
        OverlapSpec sync = config.handler("sync").orElseThrow().overlap();
        assertThat(sync).isEqualTo(new OverlapSpec("{taxpayer}", Duration.ofMinutes(10), Duration.ofSeconds(2)));
        assertThat(sync.keyOf(JsonNodeFactory.instance.objectNode().put("taxpayer", 42)))
                .isEqualTo("42");
        assertThat(config.handler("nightly").orElseThrow().overlap())
                .as("one lock for the handler, default durations")
                .isEqualTo(new OverlapSpec(null, OverlapSpec.DEFAULT_EXPIRE_AFTER, OverlapSpec.DEFAULT_RELEASE_AFTER));
        assertThat(config.handler("nightly").orElseThrow().overlap().keyOf(JsonNodeFactory.instance.objectNode()))
                .isEmpty();
        assertThat(config.handler("plain").orElseThrow().overlap()).isNull();

        assertThatThrownBy(() -> loader.parse(
                        FILE, "handlers: {h: {exec: [x], without_overlapping: {key: \"{a\", expire_after: 1m}}}\n"))
                .hasMessageContaining("handlers.h.without_overlapping.key")
                .hasMessageContaining("unclosed");
        assertThatThrownBy(() ->
                        loader.parse(FILE, "handlers: {h: {exec: [x], without_overlapping: {expire_after: soon}}}\n"))
                .hasMessageContaining("handlers.h.without_overlapping.expire_after")
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> loader.parse(FILE, "handlers: {h: {exec: [x], without_overlapping: {ttl: 5}}}\n"))
                .hasMessageContaining("handlers.h.without_overlapping.ttl")
                .hasMessageContaining("unknown key");
    }

    @Test
    void queuesNameTheLimitEveryJobOfThemStartsUnder() {
        QctlConfig config = loader.parse(FILE, """
                limits: {tws-api: 100/minute}
                queues:
                  mailbox-sync: {limit: tws-api}
                """);
        assertThat(config.queues().get("mailbox-sync"))
                .isEqualTo(new QueueSpec("mailbox-sync", new RateLimitSpec("tws-api", 100, Duration.ofMinutes(1))));
        assertThatThrownBy(() -> loader.parse(FILE, "limits: {api: 5/minute}\nqueues: {q: {limit: apj}}\n"))
                .hasMessageContaining("queues.q.limit")
                .hasMessageContaining("known: api");
        assertThatThrownBy(() -> loader.parse(FILE, "queues: {q: {limt: api}}\n"))
                .hasMessageContaining("queues.q.limt")
                .hasMessageContaining("unknown key");
    }
}
