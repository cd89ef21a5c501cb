package dev.qctl.cli;

import picocli.CommandLine.Command;

/** artisan's {@code queue:retry-batch ID}: {@code qctl batches retry ID} under Laravel's name. */
@Command(name = "queue:retry-batch", mixinStandardHelpOptions = true, description = BatchRetry.DESCRIPTION)
final class RetryBatchCommand extends BatchRetry {}
