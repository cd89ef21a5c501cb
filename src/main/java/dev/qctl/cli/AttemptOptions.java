package dev.qctl.cli;

import dev.qctl.worker.Backoff;
import picocli.CommandLine.Option;

/**
 * How attempts of a job are run: the options {@code work} (for jobs that set none) and
 * {@code dispatch} (for the job itself) share. Null = not given here.
 */
final class AttemptOptions {
    @Option(names = "--tries", paramLabel = "N", description = "Attempts before a job fails; 0 = unlimited.")
    Integer tries;

    @Option(
            names = "--backoff",
            paramLabel = "SECONDS[,SECONDS…]",
            description = "Seconds before each retry: 10 or 10,60,300 (the last repeats).")
    String backoff;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Seconds one attempt may run; 0 = no limit.")
    Integer timeout;

    /** The backoff, checked; null if not given. */
    String backoff() {
        return backoff == null ? null : Backoff.validate(backoff);
    }
}
