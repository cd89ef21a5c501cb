package dev.qctl.cli;

import picocli.CommandLine.Command;

@Command(name = "retry", mixinStandardHelpOptions = true, description = BatchRetry.DESCRIPTION)
final class BatchesRetryCommand extends BatchRetry {
    @picocli.CommandLine.ParentCommand
    BatchesCommand parent;

    @Override
    ConnectionOptions connection() {
        return BatchesCommand.inherit(connection, parent);
    }
}
