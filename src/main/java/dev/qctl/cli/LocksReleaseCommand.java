package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.base.UsageException;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Locks;
import dev.qctl.queue.QueueBackend;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = {
            "Free a lock whoever holds it (a dispatch id, an overlap lock, a scheduler lock), e.g. one left",
            "by a worker that died. The job holding it, if it still runs, is not stopped: needs --force."
        })
final class LocksReleaseCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @picocli.CommandLine.ParentCommand
    LocksCommand parent;

    @Parameters(paramLabel = "NAME", description = "The lock's name, as qctl locks lists it.")
    String name;

    @Option(names = "--force", description = "Free it even though its holder may still be running.")
    boolean force;

    @Override
    public Integer call() {
        if (!force)
            throw new UsageException("qctl locks release frees a lock its holder may still need; add --force to do it");
        try (QueueBackend backend = inherited().open(Creation.MUST_EXIST)) {
            Optional<Locks.Held> held = backend.locks().holder(name);
            if (held.isEmpty() || !backend.locks().clear(name)) {
                err().println("No lock named '" + name + "' is held.");
                return ExitCodes.FAILURE;
            }
            out().println("Released " + name + " (held by " + held.get().owner() + ").");
            return ExitCodes.OK;
        }
    }

    /** Connection options given before the subcommand's name count where it was given none. */
    private ConnectionOptions inherited() {
        if (parent == null) return connection;
        if (connection.connection == null) connection.connection = parent.connection.connection;
        if (connection.configFile == null) connection.configFile = parent.connection.configFile;
        return connection;
    }
}
