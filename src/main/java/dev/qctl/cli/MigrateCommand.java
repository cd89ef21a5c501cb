package dev.qctl.cli;

import dev.qctl.base.ExitCodes;

import dev.qctl.config.Stores;
import dev.qctl.queue.QueueBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create the jobs, failed_jobs and job_batches tables if missing (safe to repeat).")
final class MigrateCommand extends Subcommand {
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() {
        var url = connection.url();
        try (QueueBackend backend = Stores.openForMigration(url)) {
            backend.migrate();
        }
        out().println("Migrated " + url.redacted() + ": jobs, failed_jobs, job_batches");
        return ExitCodes.OK;
    }
}
