package dev.qctl.cli;

import dev.qctl.base.ExitCodes;
import dev.qctl.queue.Creation;
import dev.qctl.queue.QueueBackend;
import java.time.Duration;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Tells every running schedule:work on this store to stop after its current entries. */
@Command(
        name = "schedule:interrupt",
        mixinStandardHelpOptions = true,
        description = "Make every running schedule:work on this store stop after the entries it is running.")
class ScheduleInterruptCommand extends Subcommand {
    /** Long enough for every loop to see it (they look each second); a loop started later ignores it. */
    static final Duration SIGNAL_TTL = Duration.ofMinutes(2);

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        try (QueueBackend store = connection.open(Creation.MAY_CREATE)) {
            store.locks().clear(ScheduleSupport.INTERRUPT_LOCK);
            store.locks()
                    .acquire(ScheduleSupport.INTERRUPT_LOCK, UUID.randomUUID().toString(), SIGNAL_TTL);
            out().println("Broadcasting schedule interrupt signal.");
            return ExitCodes.OK;
        }
    }
}
