package dev.qctl.base;

import java.nio.file.Path;

/** XDG base directories, so `dispatch` and `work` run from different folders meet in one store. */
public final class DataDirs {
    private DataDirs() {}

    /** {@code $XDG_DATA_HOME/qctl}, else {@code ~/.local/share/qctl}. */
    public static Path dataHome() {
        return xdg("XDG_DATA_HOME", ".local/share").resolve("qctl");
    }

    /** {@code $XDG_CACHE_HOME/qctl}, else {@code ~/.cache/qctl}: files qctl can always make again. */
    public static Path cacheHome() {
        return xdg("XDG_CACHE_HOME", ".cache").resolve("qctl");
    }

    /** The embedded default store: {@code <dataHome>/qctl.sqlite}. */
    public static Path defaultSqliteFile() {
        return dataHome().resolve("qctl.sqlite");
    }

    private static Path xdg(String variable, String fallbackUnderHome) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) return Path.of(value);
        return Path.of(System.getProperty("user.home")).resolve(fallbackUnderHome);
    }
}
