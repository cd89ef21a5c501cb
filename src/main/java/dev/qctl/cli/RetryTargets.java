package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.QctlException;
import dev.qctl.config.Connections;
import dev.qctl.config.NamedConnection;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.Stores;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJob;
import dev.qctl.queue.QueueBackend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where {@code retry} pushes a failed job: the connection its row names, as Laravel's
 * {@code queue:retry} does. A failed_jobs table can hold the failures of several connections
 * (a Redis queue's, in Laravel's arrangement), so the store the row was read from is only one
 * candidate; the others are qctl.yml's connections, matched by their recorded name
 * ({@code laravel_name}, else their name). Each is opened once and closed with this.
 */
final class RetryTargets implements AutoCloseable {
    /** What qctl wrote into failed_jobs.connection before it wrote connection names: the store's kind. */
    private static final Set<String> OLD_FAMILY_NAMES = Set.of("sqlite", "postgres", "mysql", "redis");

    private final QueueBackend opened;
    private final String openedFamily;
    private final QctlConfig config;
    private final Map<String, QueueBackend> others = new LinkedHashMap<>();

    RetryTargets(QueueBackend opened, String openedFamily, QctlConfig config) {
        this.opened = opened;
        this.openedFamily = openedFamily;
        this.config = config;
    }

    /** The store to push {@code job} onto; an unknown connection is a one-line error (exit 1). */
    synchronized QueueBackend forJob(FailedJob job) { // the dashboard asks from several request threads
        String name = job.connection();
        if (name == null || name.equals(opened.connectionName())) return opened;
        QueueBackend known = others.get(name);
        if (known != null) return known;
        NamedConnection match = config.connections().get(name);
        if (match == null || !match.recordedName().equals(name)) {
            match = config.connections().values().stream()
                    .filter(c -> c.recordedName().equals(name))
                    .findFirst()
                    .orElse(null);
        }
        if (match == null && OLD_FAMILY_NAMES.contains(name) && name.equals(openedFamily)) return opened;
        if (match == null) {
            throw new QctlException(
                    ExitCodes.FAILURE,
                    "failed job " + job.id() + " was recorded for connection [" + name + "], which is not this one ("
                            + opened.connectionName() + ") and no connection in qctl.yml has that name or laravel_name;"
                            + " kept in the failed list");
        }
        QueueBackend backend = Stores.open(
                Connections.named(match.name(), config, System::getenv, "failed job's connection"),
                2,
                Creation.MUST_EXIST);
        others.put(name, backend);
        return backend;
    }

    @Override
    public void close() {
        others.values().forEach(QueueBackend::close);
    }
}
