package dev.qctl.config;

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
        list.add(configHome(env).resolve("qctl.yml"));
        list.add(Path.of("/etc/qctl/qctl.yml"));
        return list;
    }

    /** {@code $XDG_CONFIG_HOME/qctl}, else {@code ~/.config/qctl}. */
    public static Path configHome(Function<String, String> env) {
        String value = env.apply("XDG_CONFIG_HOME");
        Path base = value != null && !value.isBlank() && Path.of(value).isAbsolute()
                ? Path.of(value) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("qctl");
    }

    private static Path explicit(String text, String source) {
        Path path = Path.of(text).toAbsolutePath();
        if (!Files.isRegularFile(path)) throw new UsageException(source + " names " + path + ", which does not exist");
        return path;
    }

    /** Finds and loads the config, or {@link QctlConfig#NONE} when there is none. */
    public static QctlConfig load(String flag) {
        Function<String, String> env = System::getenv;
        return locate(flag, env).map(p -> new ConfigLoader(env).load(p)).orElse(QctlConfig.NONE);
    }
}
