package dev.qctl.cli;

import dev.qctl.base.MissingTablesException;
import dev.qctl.base.Secrets;
import dev.qctl.config.ConfigLocator;
import dev.qctl.config.Connections;
import dev.qctl.config.QctlConfig;
import dev.qctl.config.Stores;
import dev.qctl.queue.ConnectionUrl;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --connection URL|NAME}, else {@code $QCTL_CONNECTION}, else qctl.yml's default
 * connection, else the embedded SQLite default; and {@code --config FILE} to pick qctl.yml.
 */
final class ConnectionOptions {
    @Option(
            names = {"-c", "--connection"},
            paramLabel = "URL|NAME",
            description =
                    "Store to use: sqlite:PATH, postgres://…, mysql://…, redis://…, or a connection name from qctl.yml "
                            + "(default: $QCTL_CONNECTION, else qctl.yml's default, else a SQLite file under $XDG_DATA_HOME/qctl).")
    String connection;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "qctl.yml to read (default: $QCTL_CONFIG, ./qctl.yml, $XDG_CONFIG_HOME/qctl/qctl.yml, /etc/qctl/qctl.yml).")
    String configFile;

    private QctlConfig config;

    /** The loaded qctl.yml, or {@link QctlConfig#NONE}; read once. */
    QctlConfig config() {
        if (config == null) config = ConfigLocator.load(configFile);
        return config;
    }

    ConnectionUrl url() {
        return url(null);
    }

    /** The connection, letting a positional argument (as in `qctl work NAME|URL`) win over the option. */
    ConnectionUrl url(String positional) {
        return resolved(positional).url();
    }

    Connections.Resolved resolved(String positional) {
        return Connections.resolve(positional != null ? positional : connection, config(), System::getenv);
    }

    /**
     * The arguments that make a child qctl process open this same connection: the name or URL as
     * given (so a password from password_env or password_file is looked up again, never copied)
     * and the same qctl.yml. None when the defaults chose it; the child inherits the environment.
     */
    List<String> arguments(String positional) {
        List<String> args = new ArrayList<>();
        String given = positional != null ? positional : connection;
        if (given != null) args.addAll(List.of("--connection", given));
        if (configFile != null)
            args.addAll(List.of("--config", Path.of(configFile).toAbsolutePath().toString()));
        return args;
    }

    /** Opens the connection; {@code creation} says whether a SQLite file that is not there may be created. */
    QueueBackend open(Creation creation) {
        return open(null, 2, creation);
    }

    /**
     * Opens the connection named by {@code positional} (else the option, else the defaults)
     * with a pool of at least {@code wanted}; a store without its tables is told with the
     * {@code qctl migrate} line to paste, naming the connection as the user typed it.
     */
    QueueBackend open(String positional, int wanted, Creation creation) {
        try {
            return Stores.open(resolved(positional), wanted, creation);
        } catch (MissingTablesException e) {
            throw e.withHint(migrateCommand(positional));
        }
    }

    /** {@code qctl migrate} with the same connection and qctl.yml as given (a URL's password masked). */
    String migrateCommand(String positional) {
        List<String> args = new ArrayList<>(List.of("qctl", "migrate"));
        String given = positional != null ? positional : connection;
        if (given != null) args.addAll(List.of("-c", Secrets.url(given)));
        if (configFile != null) args.addAll(List.of("--config", configFile));
        return String.join(" ", args.stream().map(ConnectionOptions::shellWord).toList());
    }

    /** A word as a POSIX shell reads it back: quoted only when it must be. */
    static String shellWord(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
