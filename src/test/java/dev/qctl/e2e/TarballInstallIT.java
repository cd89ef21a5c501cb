package dev.qctl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the tarball `package` builds, unpacked into an empty folder and installed there with
 * install.sh --destdir; the installed qctl runs, and a real bash with the installed completion
 * script completes commands and options.
 */
class TarballInstallIT {
    @TempDir
    Path dir;

    private record Result(int exit, String out) {}

    @Test
    void unpackInstallRunCompleteUninstall() throws Exception {
        Path unpacked = dir.resolve("unpacked");
        Path root = dir.resolve("root");
        Files.createDirectories(unpacked);
        assertThat(run("tar", "-xzf", tarball().toString(), "-C", unpacked.toString())
                        .exit())
                .isZero();
        Path install;
        try (Stream<Path> top = Files.list(unpacked)) {
            install = top.findFirst().orElseThrow().resolve("install.sh");
        }
        assertThat(Files.readString(install.resolveSibling("LICENSE")))
                .as("the tarball carries the licence")
                .contains("Apache License", "Version 2.0, January 2004");

        Result installed = run(install.toString(), "--prefix", "/opt/qctl", "--destdir", root.toString());
        assertThat(installed.exit()).as(installed.out()).isZero();
        assertThat(Files.readSymbolicLink(root.resolve("usr/local/bin/qctl"))).isEqualTo(Path.of("/opt/qctl/bin/qctl"));
        assertThat(root.resolve("etc/qctl/qctl.yml")).exists();
        assertThat(root.resolve("usr/share/zsh/vendor-completions/_qctl")).exists();
        assertThat(Files.readString(root.resolve("etc/systemd/system/qctl-worker@.service")))
                .contains("ExecStart=/opt/qctl/bin/qctl work");

        assertThat(root.resolve("opt/qctl/LICENSE")).hasSameTextualContentAs(install.resolveSibling("LICENSE"));

        Path page = root.resolve("usr/local/share/man/man1/qctl-work.1");
        Result man = run("man", "-l", page.toString());
        assertThat(man.exit()).as(man.out()).isZero();
        assertThat(man.out()).contains("NAME", "qctl-work", "--queue", "EXIT STATUS");
        assertThat(man.out()).as("rendered, not raw troff").doesNotContain(".TH ", "\\fB");

        Result version = run(root.resolve("opt/qctl/bin/qctl").toString(), "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).matches("(?s)qctl \\S+ \\(commit [0-9a-f]{7,}, built \\d{4}-\\d\\d-\\d\\dT.*Z\\).*");

        String completion =
                root.resolve("usr/share/bash-completion/completions/qctl").toString();
        assertThat(complete(completion, "qctl", "wo")).contains("work");
        assertThat(complete(completion, "qctl", "work", "--qu")).contains("--queue");
        assertThat(complete(completion, "qctl", "work", "--que")).containsExactly("--queue");

        // after --queue and -c, the names qctl.yml mentions (the installed qctl reads ./qctl.yml)
        Files.writeString(dir.resolve("qctl.yml"), """
                connections:
                  pg: {url: "postgres://app@db:5432/app"}
                  local: {url: "sqlite:q.sqlite"}
                handlers:
                  sync: {exec: ["true"], queue: mailbox-sync}
                defaults: {queue: high}
                """);
        Files.writeString(dir.resolve("other.yml"), "handlers:\n  a: {exec: [\"true\"], queue: elsewhere}\n");
        assertThat(complete(completion, "qctl", "work", "--queue", "ma")).containsExactly("mailbox-sync");
        assertThat(complete(completion, "qctl", "work", "--queue", "")).containsExactly("high", "mailbox-sync");
        assertThat(complete(completion, "qctl", "work", "--queue", "high,m")).containsExactly("high,mailbox-sync");
        assertThat(complete(completion, "qctl", "monitor", "-c", "")).containsExactly("local", "pg");
        assertThat(complete(completion, "qctl", "work", "--config", "other.yml", "--queue", "e"))
                .containsExactly("elsewhere");
        assertThat(complete(completion, "qctl", "work", "--config", "missing.yml", "--queue", ""))
                .isEmpty();

        String fish =
                root.resolve("usr/share/fish/vendor_completions.d/qctl.fish").toString();
        assertThat(completeInFish(fish, "qctl wo")).contains("work");
        assertThat(completeInFish(fish, "qctl work --que")).containsExactly("--queue");
        assertThat(completeInFish(fish, "qctl work --queue m")).containsExactly("mailbox-sync");
        assertThat(completeInFish(fish, "qctl monitor -c ")).containsExactly("local", "pg");

        // an edited config survives a reinstall and the uninstall
        Files.writeString(root.resolve("etc/qctl/qctl.yml"), "default: mine\n");
        assertThat(run(install.toString(), "--prefix", "/opt/qctl", "--destdir", root.toString())
                        .exit())
                .isZero();
        assertThat(Files.readString(root.resolve("etc/qctl/qctl.yml"))).isEqualTo("default: mine\n");
        Result uninstalled =
                run(install.toString(), "--uninstall", "--prefix", "/opt/qctl", "--destdir", root.toString());
        assertThat(uninstalled.exit()).as(uninstalled.out()).isZero();
        assertThat(root.resolve("opt/qctl")).doesNotExist();
        assertThat(root.resolve("usr/local/bin/qctl")).doesNotExist();
        assertThat(root.resolve("usr/local/share/man/man1/qctl-work.1")).doesNotExist();
        assertThat(root.resolve("usr/share/bash-completion/completions/qctl")).doesNotExist();
        assertThat(root.resolve("usr/share/fish/vendor_completions.d/qctl.fish"))
                .doesNotExist();
        assertThat(root.resolve("etc/systemd/system/qctl-worker@.service")).doesNotExist();
        assertThat(root.resolve("etc/qctl/qctl.yml")).exists();

        Result bad = run(install.toString(), "--prefix", "relative");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.out().trim()).isEqualTo("install.sh: --prefix must be an absolute path, not 'relative'");
    }

    /** What bash offers for the last word, from the sourced script's completion function (as TAB calls it). */
    private List<String> complete(String script, String... words) throws Exception {
        String line = String.join(" ", words);
        StringBuilder array = new StringBuilder();
        for (String w : words) array.append(" '").append(w).append('\'');
        String program = "PATH='" + dir.resolve("root/opt/qctl/bin") + "':$PATH\n"
                + "source '" + script + "'\n"
                + "fn=$(complete -p qctl | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')\n"
                + "COMP_WORDS=(" + array + " ); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length() + "\n"
                + "\"$fn\" qctl '" + words[words.length - 1] + "' '" + words[words.length - 2] + "' 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Result result = run("bash", "--norc", "-c", program);
        assertThat(result.exit()).as(result.out()).isZero();
        return result.out().lines().filter(s -> !s.isBlank()).toList();
    }

    /** The candidates a real fish offers for {@code line} with the installed script (their first column). */
    private List<String> completeInFish(String script, String line) throws Exception {
        String program = "set PATH '" + dir.resolve("root/opt/qctl/bin") + "' $PATH; source '" + script
                + "'; complete -C '" + line + "'";
        Result result = run("fish", "--no-config", "-c", program);
        assertThat(result.exit()).as(result.out()).isZero();
        return result.out()
                .lines()
                .filter(s -> !s.isBlank())
                .map(s -> s.split("\t", -1)[0])
                .toList();
    }

    private static Path tarball() throws IOException {
        Path target = Path.of(System.getProperty("qctl.home")).getParent();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("qctl-.*\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no qctl-*.tar.gz in " + target + ": run ./mvnw package"));
        }
    }

    private Result run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MANPAGER", "cat");
        builder.environment().put("MANWIDTH", "100");
        Process process = builder.directory(dir.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out);
    }
}
