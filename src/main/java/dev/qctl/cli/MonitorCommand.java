package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.qctl.alert.BacklogAlerts;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import dev.qctl.queue.QueueSizes;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "monitor",
        aliases = "queue:monitor",
        mixinStandardHelpOptions = true,
        description = {
            "Show each queue's pending, delayed and reserved jobs, oldest wait, failures (last hour / total),",
            "throughput of its workers over the last minute, live workers and busy slots; exit 1 if any queue",
            "has --max or more jobs (ALERT). artisan's form works too: qctl monitor redis:default,mail --max=100.",
            "--watch redraws a full-screen view every second until q or Ctrl-C."
        })
final class MonitorCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    QueueOptions queues;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "[CONNECTION:]QUEUES",
            description = "artisan's queue:monitor argument: queues a,b, optionally after a qctl.yml connection name "
                    + "or this connection's kind (redis:, database:, sqlite:, postgres:, mysql:).")
    String artisanQueues;

    @Option(
            names = "--max",
            defaultValue = "1000",
            description = "Size at which a queue is in ALERT (default: ${DEFAULT-VALUE}).")
    long max;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Option(
            names = "--alerts",
            description = "Also check qctl.yml's backlog alerts once and dispatch the ones that fire (for cron).")
    boolean alerts;

    @Option(names = "--watch", description = "Redraw a live full-screen view every second (on a terminal).")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        if (max < 0) throw new UsageException("--max cannot be negative");
        String named = null;
        List<String> names;
        if (artisanQueues != null) {
            String list = artisanQueues;
            int colon = list.indexOf(':');
            if (colon > 0) {
                String prefix = list.substring(0, colon);
                if (connection.config().connections().containsKey(prefix)) {
                    named = prefix;
                    list = list.substring(colon + 1);
                } else if (KINDS.contains(prefix)) {
                    list = list.substring(colon + 1);
                }
            }
            names = QueueNames.checkList(Arrays.asList(list.split(",")), "QUEUES");
        } else {
            names = queues.queues();
        }
        try (QueueBackend backend = named != null
                ? dev.qctl.config.Stores.open(connection.resolved(named), 2, Creation.MUST_EXIST)
                : connection.open(Creation.MUST_EXIST)) {
            if (watch) {
                if (json) throw new UsageException("--watch and --json do not go together");
                if (Terminal.interactive()) return new MonitorScreen(backend, names, max).run();
                // on a pipe: print once, as plain monitor does
            }
            int status = print(FleetView.read(backend, names));
            if (alerts) {
                BacklogAlerts backlog = new BacklogAlerts(
                        backend, connection.config().alerts(), Alerting.defaultQueue(connection.config()));
                if (!backlog.any()) throw new UsageException("--alerts: qctl.yml has no backlog alerts");
                Alerting.check(backlog, err());
            }
            return status;
        }
    }

    private static final List<String> KINDS =
            List.of("redis", "database", "sqlite", "postgres", "pgsql", "mysql", "mariadb");

    private int print(FleetView view) {
        boolean alert = view.queues().stream().anyMatch(r -> r.sizes().total() >= max);
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (FleetView.Row r : view.queues()) {
                QueueSizes s = r.sizes();
                array.addObject()
                        .put("connection", view.connection())
                        .put("queue", s.queue())
                        .put("size", s.total())
                        .put("pending", s.pending())
                        .put("delayed", s.delayed())
                        .put("reserved", s.reserved())
                        .put("oldest_pending", s.oldestPendingAge() < 0 ? null : s.oldestPendingAge())
                        .put("failed_last_hour", r.failedLastHour())
                        .put("failed_total", r.failedTotal())
                        .put("throughput_last_minute", r.throughput())
                        .put("workers", r.workers())
                        .put("busy", r.busy())
                        .put("paused", r.paused())
                        .put("status", s.total() >= max ? "ALERT" : "OK");
            }
            out().println(Json.write(array));
        } else {
            out().print(table(view, max));
        }
        return alert ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** The queue table, as plain monitor prints it and --watch shows it. */
    static String table(FleetView view, long max) {
        Table table = new Table(
                "Queue",
                "Size",
                "Pending",
                "Delayed",
                "Reserved",
                "Oldest pending",
                "Failed 1h/all",
                "Jobs/min",
                "Workers",
                "Busy",
                "Status");
        for (FleetView.Row r : view.queues()) {
            QueueSizes s = r.sizes();
            table.row(
                    "[" + view.connection() + "] " + s.queue(),
                    s.total(),
                    s.pending(),
                    s.delayed(),
                    s.reserved(),
                    s.oldestPendingAge() < 0 ? "N/A" : s.oldestPendingAge() + "s",
                    r.failedLastHour() + "/" + r.failedTotal(),
                    r.throughput(),
                    r.workers(),
                    r.busy(),
                    (s.total() >= max ? "ALERT" : "OK") + (r.paused() ? " PAUSED" : ""));
        }
        java.io.StringWriter text = new java.io.StringWriter();
        table.print(new java.io.PrintWriter(text));
        return text.toString();
    }
}
