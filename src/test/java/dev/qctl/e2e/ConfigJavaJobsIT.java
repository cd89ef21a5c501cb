package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.api.Job;
import dev.qctl.queue.Json;
import dev.qctl.testing.Qctl;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5, done-when 5: a Java job from its own jar, dispatched through the producer API and worked by the CLI. */
class ConfigJavaJobsIT {
    @TempDir
    Path dir;

    @Test
    void aJavaJobDispatchedFromJavaIsWorkedByTheCliAndABrokenOneFailsAlone() throws Exception {
        Path jar = ConfigJobJar.build(dir, Map.of("com.acme.SendInvoice", ConfigJobJar.SEND_INVOICE));
        String store = "sqlite:" + dir.resolve("q.sqlite");
        Path out = dir.resolve("invoice.txt");

        String id;
        try (URLClassLoader app = new URLClassLoader(
                        new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
                dev.qctl.client.Qctl producer = dev.qctl.client.Qctl.connect(store)) {
            Job job = (Job) app.loadClass("com.acme.SendInvoice")
                    .getConstructors()[0]
                    .newInstance(42L, "ap@acme.test", out.toString());
            id = producer.onQueue("invoices").dispatch(job);
        }
        Qctl qctl = new Qctl(dir);
        assertThat(qctl.run("dispatch", "-c", store, "--queue", "invoices", "java:com.acme.Missing", "--data", "{}")
                        .exit())
                .isZero();
        assertThat(qctl.run(
                                "dispatch",
                                "-c",
                                store,
                                "--queue",
                                "invoices",
                                "java:com.acme.SendInvoice",
                                "--data",
                                "{\"invoice\":\"private-value\"}")
                        .exit())
                .isZero();

        Qctl.Result work = qctl.run(
                "work", "-c", store, "--queue", "invoices", "--classpath", jar.toString(), "--stop-when-empty");

        assertThat(work.exit()).as(work.err()).isZero();
        assertThat(Files.readString(out))
                .isEqualTo("invoice=42 email=ap@acme.test attempt=1 queue=invoices id=" + id + "\n");
        assertThat(work.err()).contains("[job " + id + "] sending invoice 42");
        JsonNode failed = Json.parse(qctl.run("failed", "-c", store, "--json").out(), "failed");
        List<String> reasons = new ArrayList<>();
        failed.forEach(f -> reasons.add(f.get("exception").asText()));
        assertThat(reasons)
                .hasSize(2)
                .anySatisfy(r -> assertThat(r)
                        .startsWith("JobClassNotFound: com.acme.Missing is not on this worker's classpath"))
                .anySatisfy(r -> assertThat(r)
                        .startsWith("BindFailed: cannot bind data to com.acme.SendInvoice at '[\"invoice\"]'"));
        assertThat(reasons.toString()).doesNotContain("private-value");
    }

    /** Issue 19: a job row naming a class that is not a Job must not run that class's static initializer. */
    @Test
    void aClassThatIsNotAJobIsRefusedWithoutRunningItsStaticInitializer() throws Exception {
        Path marker = dir.resolve("initializer-ran");
        String evil = "package com.evil;\npublic class Init {\n    static {\n        try {\n"
                + "            java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"ran\");\n"
                + "        } catch (java.io.IOException e) {\n            throw new RuntimeException(e);\n        }\n"
                + "    }\n}\n";
        Path jar = ConfigJobJar.build(dir, Map.of("com.evil.Init", evil));
        String store = "sqlite:" + dir.resolve("q.sqlite");
        Qctl qctl = new Qctl(dir);
        assertThat(qctl.run("dispatch", "-c", store, "java:com.evil.Init", "--data", "{}")
                        .exit())
                .isZero();

        Qctl.Result work = qctl.run("work", "-c", store, "--classpath", jar.toString(), "--stop-when-empty");

        assertThat(work.exit()).as(work.err()).isZero();
        assertThat(marker).doesNotExist();
        JsonNode failed = Json.parse(qctl.run("failed", "-c", store, "--json").out(), "failed");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("exception").asText()).startsWith("NotAJob: com.evil.Init does not implement");
    }
}
