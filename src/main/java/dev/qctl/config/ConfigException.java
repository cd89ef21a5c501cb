package dev.qctl.config;

import dev.qctl.base.UsageException;
import java.nio.file.Path;

/** A problem in qctl.yml, printed as one line: {@code FILE:LINE: KEY: problem}. Exit code 2. */
public final class ConfigException extends UsageException {
    public ConfigException(Path file, int line, String key, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + problem);
    }
}
