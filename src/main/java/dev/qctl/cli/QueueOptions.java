package dev.qctl.cli;

import dev.qctl.queue.QueueNames;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --queue a,b,c} for the commands that read queues; its default follows {@link OptionDefaults}. */
final class QueueOptions {
    @Option(
            names = "--queue",
            paramLabel = "QUEUE",
            split = ",",
            description =
                    "Queues, highest priority first: a,b,c (default: $QCTL_QUEUE, else qctl.yml's defaults.queue, else default).")
    List<String> queues;

    /** The queues in the order given, each a valid name ({@link QueueNames}); at least one. */
    List<String> queues() {
        return QueueNames.checkList(queues, "--queue");
    }
}
