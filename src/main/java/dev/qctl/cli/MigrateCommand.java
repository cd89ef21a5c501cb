package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.config.Connections;
import dev.qctl.config.Stores;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.QueueBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Create the jobs, failed_jobs and job_batches tables if missing (safe to repeat).",
            "A connection whose failures go to another one (failed: in qctl.yml) migrates that one too."
        })
final class MigrateCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        Connections.Resolved resolved = connection.resolved(null);
        migrate(resolved.url());
        if (resolved.failedStore() != null) migrate(resolved.failedStore().url());
        return ExitCodes.OK;
    }

    private void migrate(ConnectionUrl url) {
        try (QueueBackend backend = Stores.openForMigration(url)) {
            backend.migrate();
        }
        out().println("Migrated " + url.redacted() + ": jobs, failed_jobs, job_batches");
    }
}
