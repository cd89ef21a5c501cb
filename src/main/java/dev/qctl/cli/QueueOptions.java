package dev.qctl.cli;

import dev.qctl.base.UsageException;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --queue a,b,c} for the commands that read queues; its default follows {@link OptionDefaults}. */
final class QueueOptions {
    @Option(names = "--queue", paramLabel = "QUEUE", split = ",",
            description = "Queues, highest priority first: a,b,c (default: $QCTL_QUEUE, else qctl.yml's defaults.queue, else default).")
    List<String> queues;

    /** The queues in the order given, blanks dropped; at least one. */
    List<String> queues() {
        List<String> named = queues == null ? List.of() : queues.stream().map(String::trim).filter(q -> !q.isEmpty()).toList();
        if (named.isEmpty()) throw new UsageException("--queue names no queue");
        return named;
    }
}
