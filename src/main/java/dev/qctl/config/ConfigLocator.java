package dev.qctl.config;

import dev.qctl.base.DataDirs;
import dev.qctl.base.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds qctl.yml: {@code --config FILE}, {@code $QCTL_CONFIG}, {@code ./qctl.yml},
 * {@code $XDG_CONFIG_HOME/qctl/qctl.yml}, {@code /etc/qctl/qctl.yml}, first match wins. A file
 * named explicitly (flag or variable) must exist; the others are optional.
 */
public final class ConfigLocator {
    private ConfigLocator() {}

    public static Optional<Path> locate(String flag, Function<String, String> env) {
        if (flag != null) return Optional.of(explicit(flag, "--config"));
        String variable = env.apply("QCTL_CONFIG");
        if (variable != null && !variable.isBlank()) return Optional.of(explicit(variable, "$QCTL_CONFIG"));
        return candidates(env).stream().filter(Files::isRegularFile).findFirst();
    }

    /** The optional places, in the order they are tried. */
    public static List<Path> candidates(Function<String, String> env) {
        List<Path> list = new ArrayList<>();
        list.add(Path.of("qctl.yml").toAbsolutePath());
        list.add(DataDirs.configHome(env).resolve("qctl.yml"));
        list.add(Path.of("/etc/qctl/qctl.yml"));
        return list;
    }

    private static Path explicit(String text, String source) {
        Path path = Path.of(text).toAbsolutePath();
        if (!Files.isRegularFile(path)) throw new UsageException(source + " names " + path + ", which does not exist");
        return path;
    }

    /** Finds and loads the config, or {@link QctlConfig#NONE} when there is none. */
    public static QctlConfig load(String flag) {
        Function<String, String> env = System::getenv;
        Optional<Path> file = locate(flag, env);
        if (file.isEmpty()) return QctlConfig.NONE;
        return LAST_LOADED
                .updateAndGet(last -> last != null && last.isOf(file.get())
                        ? last
                        : new Loaded(file.get(), modified(file.get()), new ConfigLoader(env).load(file.get())))
                .config();
    }

    /**
     * The file read last, so a command that asks twice (option defaults, then the connection)
     * parses it once; a file changed since is read again.
     */
    private static final java.util.concurrent.atomic.AtomicReference<Loaded> LAST_LOADED =
            new java.util.concurrent.atomic.AtomicReference<>();

    private record Loaded(Path file, long modified, QctlConfig config) {
        boolean isOf(Path other) {
            return file.equals(other) && modified == ConfigLocator.modified(other);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
