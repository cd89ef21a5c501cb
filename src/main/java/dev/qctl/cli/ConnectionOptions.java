package dev.qctl.cli;

import dev.qctl.config.ConnectionUrl;
import dev.qctl.queue.ConnectionFactory;
import dev.qctl.queue.QueueBackend;
import picocli.CommandLine.Option;

/** {@code --connection URL}, else {@code $QCTL_CONNECTION}, else the embedded SQLite default. */
final class ConnectionOptions {
    @Option(names = {"-c", "--connection"}, paramLabel = "URL",
            description = "Store to use: sqlite:PATH, postgres://…, mysql://… (default: $QCTL_CONNECTION, "
                    + "else a SQLite file under $XDG_DATA_HOME/qctl).")
    String connection;

    ConnectionUrl url() {
        return url(null);
    }

    /** The connection, letting a positional argument (as in `qctl work URL`) win over the option. */
    ConnectionUrl url(String positional) {
        if (positional != null) return ConnectionUrl.parse(positional);
        if (connection != null) return ConnectionUrl.parse(connection);
        String env = System.getenv("QCTL_CONNECTION");
        if (env != null && !env.isBlank()) return ConnectionUrl.parse(env);
        return ConnectionUrl.defaultSqlite();
    }

    QueueBackend open() {
        return ConnectionFactory.open(url(), 2);
    }
}
