package dev.qctl.cli;

import picocli.CommandLine.Command;

/** artisan's {@code queue:prune-batches}: {@code qctl batches prune} under Laravel's name. */
@Command(name = "queue:prune-batches", mixinStandardHelpOptions = true, description = BatchPrune.DESCRIPTION)
final class PruneBatchesCommand extends BatchPrune {}
