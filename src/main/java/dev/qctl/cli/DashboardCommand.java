package dev.qctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.config.ScheduleSpec;
import dev.qctl.dashboard.DashboardServer;
import dev.qctl.dashboard.DashboardSettings;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Json;
import dev.qctl.queue.QueueBackend;
import dev.qctl.queue.ScheduleHistory;
import dev.qctl.schedule.CronSchedule;
import dev.qctl.schedule.ScheduleRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the queue's web page: queues live, failed jobs (retry, forget), workers, batches, schedule.",
            "Loopback only unless a password ($QCTL_DASHBOARD_PASSWORD or --password-file) or an API token",
            "($QCTL_DASHBOARD_TOKEN or --token-file, sent as Authorization: Bearer) is set: binding elsewhere",
            "without one exits 2. Runs until stopped (SIGTERM/SIGINT)."
        })
final class DashboardCommand extends Subcommand {
    static final String PASSWORD_ENV = "QCTL_DASHBOARD_PASSWORD";
    static final String TOKEN_ENV = "QCTL_DASHBOARD_TOKEN";

    @Mixin
    ConnectionOptions connection;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "CONNECTION",
            description = "Connection URL or qctl.yml name (overrides --connection).")
    String positionalConnection;

    @Option(names = "--port", description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 8090;

    @Option(
            names = "--host",
            description = "Address to bind (default ${DEFAULT-VALUE}); anything but the loopback needs a password.")
    String host = "127.0.0.1";

    @Option(
            names = "--base-path",
            paramLabel = "PATH",
            description = "Path the pages live under (default ${DEFAULT-VALUE}).")
    String basePath = "/qctl";

    @Option(names = "--read-only", description = "Show everything, change nothing (no retry, forget or cancel).")
    boolean readOnly;

    @Option(names = "--user", description = "The login's user name (default ${DEFAULT-VALUE}).")
    String user = "admin";

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "Read the login password from FILE (first line); else $" + PASSWORD_ENV + ".")
    Path passwordFile;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "Read the API's bearer token from FILE (first line); else $" + TOKEN_ENV + ".")
    Path tokenFile;

    @Option(names = "--behind-tls", description = "Mark the session cookie Secure (a TLS proxy serves the page).")
    boolean behindTls;

    @Mixin
    QueueOptions queues;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String password = secret(passwordFile, "--password-file", PASSWORD_ENV);
        String token = secret(tokenFile, "--token-file", TOKEN_ENV);
        String base = basePath(basePath);
        if (port < 0 || port > 65535) throw new UsageException("--port must be from 0 to 65535");
        if (password == null && token == null && !loopback(host))
            throw new UsageException("refusing to serve the dashboard on " + host + " without a password: set $"
                    + PASSWORD_ENV + " or --password-file (or a token: $" + TOKEN_ENV
                    + " or --token-file), or bind 127.0.0.1");
        List<String> shown = queues.queues();
        try (QueueBackend backend = connection.open(positionalConnection, 4, Creation.MUST_EXIST);
                RetryTargets retryTargets = new RetryTargets(
                        backend, connection.url(positionalConnection).family(), connection.config())) {
            DashboardSettings settings = new DashboardSettings(
                    host, port, base, readOnly, user, password, token, behindTls, shown, () -> schedule(backend));
            DashboardServer server;
            try {
                server = new DashboardServer(backend, settings, retryTargets::forJob);
            } catch (IOException e) {
                throw new UsageException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }));
            server.start();
            String shownHost = host.contains(":") ? "[" + host + "]" : host;
            err().println("qctl dashboard on http://" + shownHost + ":" + server.port() + base + "/"
                    + (password == null && token == null
                            ? " (no login: loopback only)"
                            : password == null ? " (login: API token)" : " (login: " + user + ")")
                    + (readOnly ? " read-only" : ""));
            err().flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }

    /** A password or token: the first line of {@code file} if given, else the environment variable, else null. */
    private static String secret(Path file, String option, String envName) throws IOException {
        if (file != null) {
            if (!Files.isReadable(file)) throw new UsageException(option + " " + file + " cannot be read");
            String first = Files.readString(file, StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("");
            if (first.isEmpty()) throw new UsageException(option + " " + file + " is empty");
            return first;
        }
        String env = System.getenv(envName);
        return env == null || env.isEmpty() ? null : env;
    }

    static String basePath(String given) {
        String p = given.strip();
        if (p.equals("/") || p.isEmpty()) return "";
        if (!p.matches("(/[A-Za-z0-9._~-]+)+/?"))
            throw new UsageException("--base-path '" + given + "' must look like /qctl or /ops/queue");
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    static boolean loopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) if (!a.isLoopbackAddress()) return false;
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new UsageException("--host '" + host + "' is not an address or a known host name");
        }
    }

    /** What schedule:list --json gives, for the schedule page. */
    private ArrayNode schedule(QueueBackend backend) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        Instant now = Instant.now();
        for (ScheduleSpec s : ScheduleSupport.schedule(connection.config()).values()) {
            ZoneId zone = ScheduleRunner.zoneOf(s);
            List<Instant> due = new CronSchedule(s.cron(), zone).next(now, 1);
            List<ScheduleHistory.Run> last = backend.scheduleHistory().last(s.name(), 1);
            ObjectNode o = array.addObject();
            o.put("name", s.name())
                    .put("cron", s.cron())
                    .put("written", s.written())
                    .put("what", s.what())
                    .put("timezone", zone.getId())
                    .put("enabled", s.enabled())
                    .put("next", due.isEmpty() ? null : due.getFirst().toString());
            if (last.isEmpty()) o.putNull("last_run");
            else {
                o.putObject("last_run")
                        .put("started_at", last.getFirst().startedAt().toString())
                        .put("duration_ms", last.getFirst().duration().toMillis())
                        .put("status", last.getFirst().status())
                        .put("host", last.getFirst().host());
            }
        }
        return array;
    }
}
