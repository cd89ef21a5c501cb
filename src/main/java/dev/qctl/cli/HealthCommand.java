package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.QctlException;
import dev.qctl.base.StoreUnavailableException;
import dev.qctl.base.UsageException;
import dev.qctl.queue.Creation;
import dev.qctl.queue.FailedJobFilter;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.QueueNames;
import dev.qctl.queue.QueueSizes;
import dev.qctl.queue.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = {
            "Check the connection and, optionally, its workers and queues; one line per check, then a summary.",
            "Exit 0 healthy, 1 unhealthy, 2 usage error, 3 store unreachable (within --timeout). For probes:",
            "`qctl health --worker \"$HOSTNAME\"` is a pod's liveness check (run its worker with --name \"$HOSTNAME\")."
        })
final class HealthCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--queue",
            paramLabel = "QUEUE",
            split = ",",
            description =
                    "Queues for --max-pending and --max-wait (default: default); with it, --min-workers counts only their workers.")
    List<String> queues;

    @Option(names = "--min-workers", paramLabel = "N", description = "At least N workers with a fresh heartbeat.")
    Integer minWorkers;

    @Option(names = "--max-pending", paramLabel = "N", description = "At most N jobs pending on each queue.")
    Long maxPending;

    @Option(
            names = "--max-wait",
            paramLabel = "DURATION",
            description = "The oldest pending job has waited at most this long, e.g. 5m.")
    Duration maxWait;

    @Option(names = "--max-failed", paramLabel = "N", description = "At most N jobs failed within --within.")
    Long maxFailed;

    @Option(
            names = "--within",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "The window of --max-failed (default: ${DEFAULT-VALUE}).")
    Duration within;

    @Option(
            names = "--worker",
            paramLabel = "NAME",
            description = "This worker (its --name, or HOST:PID) has a fresh heartbeat.")
    String worker;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "5s",
            description =
                    "Give up on a store that does not answer within this long: exit 3 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print {healthy, checks:[{check, ok, detail}]}.")
    boolean json;

    private record Check(String name, boolean ok, String detail) {}

    @Override
    public Integer call() throws Exception {
        if (timeout.isNegative() || timeout.isZero()) throw new UsageException("--timeout must be positive");
        List<String> names = QueueNames.checkList(queues == null ? List.of("default") : queues, "--queue");
        FutureTask<List<Check>> task = new FutureTask<>(() -> checks(names));
        Thread probe = new Thread(task, "qctl-health");
        probe.setDaemon(true);
        probe.start();
        List<Check> checks;
        try {
            checks = task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("store unreachable: "
                    + connection.url().redacted() + " did not answer within " + timeout.toMillis() + "ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof QctlException q) throw q;
            throw e.getCause() instanceof Exception x ? x : e;
        }
        boolean healthy = checks.stream().allMatch(Check::ok);
        long failedChecks = checks.stream().filter(c -> !c.ok()).count();
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode().put("healthy", healthy);
            var array = root.putArray("checks");
            for (Check c : checks)
                array.addObject().put("check", c.name()).put("ok", c.ok()).put("detail", c.detail());
            out().println(Json.write(root));
        } else {
            for (Check c : checks) out().printf("%-4s  %-8s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.detail());
            out().println(
                            healthy
                                    ? "healthy: " + checks.size() + " checks passed"
                                    : "unhealthy: " + failedChecks + " of " + checks.size() + " checks failed");
        }
        return healthy ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private List<Check> checks(List<String> names) {
        List<Check> checks = new ArrayList<>();
        long began = System.nanoTime();
        try (QueueBackend backend = connection.open(Creation.MUST_EXIST)) {
            long opened = System.nanoTime();
            long storeNow = backend.workers().now(); // one round trip: the store answers
            double roundTrip = (System.nanoTime() - opened) / 1e6;
            checks.add(new Check(
                    "store",
                    true,
                    String.format(
                            "reachable (%s): connected in %d ms, round trip %.1f ms",
                            backend.connectionName(), TimeUnit.NANOSECONDS.toMillis(opened - began), roundTrip)));
            checks.add(new Check("schema", true, "tables/keys present"));
            List<WorkerInfo> live =
                    (minWorkers != null || worker != null) ? backend.workers().list() : List.of();
            if (minWorkers != null) {
                int n = WorkersCommand.serving(live, queues == null ? null : names)
                        .size();
                checks.add(new Check(
                        "workers",
                        n >= minWorkers,
                        n + " live worker" + (n == 1 ? "" : "s")
                                + (queues == null ? "" : " on " + String.join(",", names)) + " (at least " + minWorkers
                                + " wanted)"));
            }
            if (worker != null) {
                WorkerInfo found = live.stream()
                        .filter(w -> w.name().equals(worker) || w.id().equals(worker))
                        .findFirst()
                        .orElse(null);
                checks.add(new Check(
                        "worker",
                        found != null,
                        found == null
                                ? worker + " has no fresh heartbeat"
                                : worker + " seen " + Math.max(0, storeNow - found.lastSeen()) + "s ago"));
            }
            if (maxPending != null || maxWait != null) {
                for (String q : names) {
                    QueueSizes s = backend.sizes(q);
                    if (maxPending != null)
                        checks.add(new Check(
                                "pending",
                                s.pending() <= maxPending,
                                s.pending() + " pending on " + q + " (at most " + maxPending + " allowed)"));
                    if (maxWait != null) {
                        long age = Math.max(0, s.oldestPendingAge());
                        checks.add(new Check(
                                "wait",
                                age <= maxWait.toSeconds(),
                                "oldest pending job on " + q + " waited " + age + "s (at most " + maxWait.toSeconds()
                                        + "s allowed)"));
                    }
                }
            }
            if (maxFailed != null) {
                Instant since = Instant.ofEpochSecond(storeNow).minus(within);
                // newest first, to the first failure before the window (ids are taken in failure order)
                long[] counted = {0};
                backend.failedJobs().walk(FailedJobFilter.ALL, f -> {
                    if (f.failedAt() == null) return true;
                    if (f.failedAt().isBefore(since)) return false;
                    counted[0]++;
                    return true;
                });
                long n = counted[0];
                checks.add(new Check(
                        "failed",
                        n <= maxFailed,
                        n + " failed in the last " + within.toSeconds() + "s (at most " + maxFailed + " allowed)"));
            }
        }
        return checks;
    }
}
