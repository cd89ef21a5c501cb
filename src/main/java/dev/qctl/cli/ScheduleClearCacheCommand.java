package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.Locks;
import dev.qctl.queue.QueueBackend;
import dev.qctl.schedule.ScheduleRunner;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Drops the overlap locks left by entries whose holder died (artisan's schedule:clear-cache). */
@Command(
        name = "schedule:clear-cache",
        mixinStandardHelpOptions = true,
        description = "Delete the schedule's overlap locks (left behind by a run that was killed), asking first.")
class ScheduleClearCacheCommand extends Subcommand {
    @Mixin
    ConnectionOptions connection;

    @Option(
            names = {"-f", "--force"},
            description = "Do not ask for confirmation.")
    boolean force;

    @Override
    public Integer call() {
        try (QueueBackend store = connection.open(Creation.MAY_CREATE)) {
            String prefix = ScheduleRunner.overlapLock("");
            List<Locks.Held> held = store.locks().held(prefix);
            if (held.isEmpty()) {
                out().println("No overlap locks are held.");
                return ExitCodes.OK;
            }
            if (!confirm("Delete " + held.size() + " overlap lock(s)?", force)) return ExitCodes.FAILURE;
            for (Locks.Held h : held) {
                store.locks().clear(h.name());
                out().println("Deleted the overlap lock of " + h.name().substring(prefix.length()) + " (held by "
                        + h.owner() + ")");
            }
            return ExitCodes.OK;
        }
    }
}
