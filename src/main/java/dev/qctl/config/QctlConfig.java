package dev.qctl.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded qctl.yml (or none). Values are already interpolated and checked.
 *
 * @param file              where it was read from; null when no file was found
 * @param defaultConnection the top-level {@code default:}, else a connection named "default", else null
 * @param signingKeyFile    {@code signing_key_file:}, resolved against the file's folder
 * @param classpath         {@code classpath:} entries for Java jobs, resolved likewise
 * @param unusable          connections that cannot be read here (e.g. a {@code ${VAR}} that is not
 *                          set), with the error to give when one of them is used; the rest of the
 *                          file works without them
 * @param schedule          {@code schedule:} entries by name, in file order
 * @param alerts            {@code alerts:} by name, in file order
 * @param queues            {@code queues:} by queue name (what applies to every job of a queue)
 */
public record QctlConfig(
        Path file,
        Map<String, NamedConnection> connections,
        String defaultConnection,
        Map<String, HandlerSpec> handlers,
        JobDefaults defaults,
        boolean allowRaw,
        Path signingKeyFile,
        List<Path> classpath,
        Map<String, ConfigException> unusable,
        Map<String, ScheduleSpec> schedule,
        Map<String, AlertSpec> alerts,
        Map<String, QueueSpec> queues) {

    public static final QctlConfig NONE = new QctlConfig(
            null,
            Map.of(),
            null,
            Map.of(),
            JobDefaults.NONE,
            false,
            null,
            List.of(),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of());

    public Optional<HandlerSpec> handler(String name) {
        return Optional.ofNullable(handlers.get(name));
    }

    public boolean exists() {
        return file != null;
    }
}
