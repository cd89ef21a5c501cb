package dev.qctl.cli;

import picocli.CommandLine.Command;

@Command(name = "prune", mixinStandardHelpOptions = true, description = BatchPrune.DESCRIPTION)
final class BatchesPruneCommand extends BatchPrune {
    @picocli.CommandLine.ParentCommand
    BatchesCommand parent;

    @Override
    ConnectionOptions connection() {
        return BatchesCommand.inherit(connection, parent);
    }
}
