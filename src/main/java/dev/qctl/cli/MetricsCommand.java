package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.metrics.StoreMetrics;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "metrics",
        mixinStandardHelpOptions = true,
        description = {
            "Print Prometheus text once: each queue's jobs by state, oldest wait, failed jobs and live workers,",
            "for the --queue queues and every queue a live worker serves or a failed job came from",
            "(for node_exporter's textfile collector or a cron job). A worker's own metrics: work --metrics-port."
        })
final class MetricsCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    QueueOptions queues;

    @Override
    public Integer call() throws Exception {
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            StoreMetrics.write(backend, queues.queues(), System.out);
        }
        return ExitCodes.OK;
    }
}
