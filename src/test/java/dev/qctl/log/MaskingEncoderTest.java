package dev.qctl.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.queue.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Whatever a library logs, a URL password never reaches the output, in text or JSON. */
class MaskingEncoderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger hikari = context.getLogger("com.zaxxer.hikari.pool.HikariPool");

    /** A driver's message, an argument and an exception chain, each quoting a URL with the password. */
    private ILoggingEvent leakyEvent() {
        SQLException cause =
                new SQLException("FATAL: no pg_hba.conf entry for jdbc:postgresql://app:hunter2@db:5432/app");
        RuntimeException thrown = new RuntimeException("cannot reach redis://:hunter2@cache:6379/0 (timeout)", cause);
        thrown.addSuppressed(
                new IllegalStateException("retry of mysql://root:hunter2@db/q?password=hunter2&x=1 failed"));
        return new LoggingEvent(
                Logger.FQCN, hikari, Level.WARN, "qctl - cannot connect to {} as {}", thrown, new Object[] {
                    "postgres://app:hunter2@db:5432/app", "app"
                });
    }

    @Test
    void textIsOneLineWithEveryPasswordMasked() {
        String line = encode(text(false), leakyEvent());

        assertThat(line)
                .doesNotContain("hunter2")
                .isEqualTo(
                        "qctl: WARN com.zaxxer.hikari.pool.HikariPool: qctl - cannot connect to postgres://app:***@db:5432/app as app"
                                + " (java.lang.RuntimeException: cannot reach redis://:***@cache:6379/0 (timeout);"
                                + " caused by java.sql.SQLException: FATAL: no pg_hba.conf entry for jdbc:postgresql://app:***@db:5432/app)\n");
    }

    @Test
    void aWorkerLineStartsWithTheTimeAndQctlsOwnLoggersAreNotNamed() {
        ILoggingEvent event = new LoggingEvent(
                Logger.FQCN,
                context.getLogger("dev.qctl.worker.Worker"),
                Level.WARN,
                "cannot reserve jobs (redis://u:hunter2@h/0 unavailable)\n  at the second line",
                null,
                null);

        assertThat(encode(text(true), event))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d WARN cannot reserve jobs \\(redis://u:\\*\\*\\*@h/0 unavailable\\) at the second line\n");
    }

    @Test
    void stackTracesOnlyWhenAskedForAndMaskedThen() {
        String lines = encode(text(true), leakyEvent());

        assertThat(lines)
                .doesNotContain("hunter2")
                .contains("\tat dev.qctl.log.MaskingEncoderTest.leakyEvent")
                .contains(
                        "Caused by: java.sql.SQLException: FATAL: no pg_hba.conf entry for jdbc:postgresql://app:***@db")
                .contains(
                        "Suppressed: java.lang.IllegalStateException: retry of mysql://root:***@db/q?password=***&x=1 failed");
    }

    @Test
    void jsonIsOneParseableObjectPerLineWithEveryPasswordMasked() throws Exception {
        JsonEncoder json = new JsonEncoder();
        json.setWithContext(false);
        json.setWithArguments(false);
        String line = encode(new MaskingEncoder(json, false), leakyEvent());

        assertThat(line).doesNotContain("hunter2").endsWith("}\n").hasLineCount(1);
        JsonNode event = Json.MAPPER.readTree(line);
        assertThat(event.path("level").asText()).isEqualTo("WARN");
        assertThat(event.path("loggerName").asText()).isEqualTo("com.zaxxer.hikari.pool.HikariPool");
        assertThat(event.path("message").asText())
                .isEqualTo("qctl - cannot connect to postgres://app:***@db:5432/app as app");
        JsonNode thrown = event.path("throwable");
        assertThat(thrown.path("message").asText()).isEqualTo("cannot reach redis://:***@cache:6379/0 (timeout)");
        assertThat(thrown.path("stepArray")).isEmpty();
        assertThat(thrown.path("cause").path("message").asText()).endsWith("jdbc:postgresql://app:***@db:5432/app");
        assertThat(thrown.path("suppressed").get(0).path("message").asText())
                .contains("mysql://root:***@db/q?password=***&x=1");
    }

    @Test
    void loggingGoesToStderrAndFollowsTheChosenFormat() throws Exception {
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the real context, as in a qctl process: JUL's bridge logs there too
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        Logger hikari = context.getLogger("com.zaxxer.hikari.pool.HikariPool");
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Logging.format(Logging.Format.TEXT);
            Logging.threshold(Logging.Threshold.WARN);
            Logging.configure(context);
            hikari.info("not shown at warn");
            hikari.warn("pool {} degraded", "postgres://u:hunter2@h/db");
            Logging.format(Logging.Format.JSON); // as --log-format=json after logback started
            hikari.warn("pool {} degraded", "postgres://u:hunter2@h/db");
            java.util.logging.Logger.getLogger("org.postgresql.Driver")
                    .warning("through JUL: postgres://u:hunter2@h/db");
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
            Logging.format(Logging.Format.TEXT);
        }
        // only this test's events: background threads of earlier tests may log to stderr meanwhile
        String[] lines = err.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("degraded") || l.contains("through JUL"))
                .toArray(String[]::new);
        assertThat(out.size()).isZero();
        assertThat(lines).hasSize(3);
        assertThat(lines[0])
                .isEqualTo("qctl: WARN com.zaxxer.hikari.pool.HikariPool: pool postgres://u:***@h/db degraded");
        assertThat(Json.MAPPER.readTree(lines[1]).path("message").asText())
                .isEqualTo("pool postgres://u:***@h/db degraded");
        JsonNode jul = Json.MAPPER.readTree(lines[2]);
        assertThat(jul.path("loggerName").asText()).isEqualTo("org.postgresql.Driver");
        assertThat(jul.path("message").asText()).isEqualTo("through JUL: postgres://u:***@h/db");
    }

    private Encoder<ILoggingEvent> text(boolean worker) {
        return new MaskingEncoder(new TextEncoder(worker, worker), worker);
    }

    private String encode(Encoder<ILoggingEvent> encoder, ILoggingEvent event) {
        encoder.setContext(context);
        encoder.start();
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
