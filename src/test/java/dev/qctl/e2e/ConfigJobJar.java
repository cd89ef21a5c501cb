package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java job sources against the built qctl.jar and packs them into a jar of their own, as an app would. */
final class ConfigJobJar {
    private ConfigJobJar() {}

    /** @param sources class name → source text */
    static Path build(Path dir, Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("job-src"));
        Path classes = Files.createDirectories(dir.resolve("job-classes"));
        List<String> args = new java.util.ArrayList<>(List.of(
                "--release",
                "21",
                "-proc:none",
                "-d",
                classes.toString(),
                "-cp",
                Path.of(System.getProperty("qctl.home"), "lib", "qctl.jar").toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new)))
                .as("javac exit")
                .isZero();

        Path jar = dir.resolve("jobs.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                try (var in = Files.newInputStream(f)) {
                    in.transferTo((OutputStream) out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A job that writes what it was given and what its context says to the file named in its data. */
    static final String SEND_INVOICE = """
            package com.acme;

            import dev.qctl.api.Job;
            import dev.qctl.api.JobContext;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            public record SendInvoice(long invoice, String email, String out) implements Job {
                @Override
                public void handle(JobContext ctx) throws Exception {
                    ctx.log("sending invoice " + invoice);
                    Files.writeString(Path.of(out), "invoice=" + invoice + " email=" + email + " attempt=" + ctx.attempt()
                            + " queue=" + ctx.queue() + " id=" + ctx.id() + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
            """;
}
