package dev.qctl.cli;

import picocli.CommandLine.Command;

/** {@code qctl flush} under artisan's other name, keeping 24 hours of failures unless told otherwise. */
@Command(
        name = "prune-failed",
        aliases = "queue:prune-failed",
        mixinStandardHelpOptions = true,
        description = "Delete failed jobs older than --hours (default 24).")
final class PruneFailedCommand extends FlushCommand {
    @Override
    Integer defaultHours() {
        return 24;
    }
}
