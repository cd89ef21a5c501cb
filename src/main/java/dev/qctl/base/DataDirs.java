package dev.qctl.base;

import java.nio.file.Path;
import java.util.function.Function;

/** XDG base directories, so `dispatch` and `work` run from different folders meet in one store. */
public final class DataDirs {
    private DataDirs() {}

    /** {@code $XDG_DATA_HOME/qctl}, else {@code ~/.local/share/qctl}. */
    public static Path dataHome() {
        return xdg(System::getenv, "XDG_DATA_HOME", ".local/share").resolve("qctl");
    }

    /** {@code $XDG_CACHE_HOME/qctl}, else {@code ~/.cache/qctl}: files qctl can always make again. */
    public static Path cacheHome() {
        return xdg(System::getenv, "XDG_CACHE_HOME", ".cache").resolve("qctl");
    }

    /** {@code $XDG_CONFIG_HOME/qctl}, else {@code ~/.config/qctl}. */
    public static Path configHome(Function<String, String> env) {
        return xdg(env, "XDG_CONFIG_HOME", ".config").resolve("qctl");
    }

    /** The embedded default store: {@code <dataHome>/qctl.sqlite}. */
    public static Path defaultSqliteFile() {
        return dataHome().resolve("qctl.sqlite");
    }

    /** The variable if it holds an absolute path (the XDG spec ignores relative ones), else {@code ~/fallback}. */
    private static Path xdg(Function<String, String> env, String variable, String fallbackUnderHome) {
        String value = env.apply(variable);
        if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) return Path.of(value);
        return Path.of(System.getProperty("user.home")).resolve(fallbackUnderHome);
    }
}
