package dev.qctl.cli;

import dev.qctl.config.Stores;
import dev.qctl.queue.QueueBackend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create the jobs, failed_jobs and job_batches tables if missing (safe to repeat).")
final class MigrateCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;

    @Override
    public Integer call() {
        var url = connection.url();
        try (QueueBackend backend = Stores.openForMigration(url)) {
            backend.migrate();
        }
        System.out.println("Migrated " + url.redacted() + ": jobs, failed_jobs, job_batches");
        return 0;
    }
}
