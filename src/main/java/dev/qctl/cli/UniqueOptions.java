package dev.qctl.cli;

import dev.qctl.base.UsageException;
import dev.qctl.queue.JobKeys;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code dispatch}'s unique-job options (Laravel's {@code ShouldBeUnique}, {@code uniqueFor},
 * {@code ShouldBeUniqueUntilProcessing}), and the stamping of a job's payload with them, which a
 * {@code --from} line's {@code unique_for}/{@code unique_key} fields share.
 */
final class UniqueOptions {
    @Option(
            names = "--unique-for",
            paramLabel = "DURATION",
            description = "Dispatch only if no job with the same unique key is queued or running, holding the key"
                    + " until this job is done or DURATION has passed, whichever comes first (Laravel's uniqueFor).")
    Duration uniqueFor;

    @Option(
            names = "--unique-key",
            paramLabel = "KEY",
            description = "With --unique-for: the unique key (default: the handler's name; for a command after --,"
                    + " the command line).")
    String key;

    @Option(
            names = "--unique-until-processing",
            description = "With --unique-for: free the key when the job starts, not when it is done.")
    boolean untilProcessing;

    boolean used() {
        return uniqueFor != null;
    }

    /** Fails with a usage error when the options do not go together. */
    void check() {
        if (uniqueFor == null && (key != null || untilProcessing))
            throw new UsageException("--unique-key and --unique-until-processing need --unique-for DURATION");
    }

    /** The job, its payload marked unique under the given (or default) key. */
    PushRequest stamp(PushRequest request) {
        return new PushRequest(
                request.queue(), stamp(request.payload(), key, uniqueFor, untilProcessing), request.delay());
    }

    /**
     * A payload marked unique: the key (the handler's name, or a command's command line, when
     * null; Laravel's uniqueId defaults to the job's class likewise) and how long it is held.
     */
    static Payload stamp(Payload payload, String key, Duration uniqueFor, boolean untilProcessing) {
        if (uniqueFor.isNegative() || uniqueFor.isZero())
            throw new UsageException("the unique-for duration must be longer than zero");
        String unique = key != null ? key : Payload.EXEC.equals(payload.job()) ? payload.displayName() : payload.job();
        if (unique == null || unique.isBlank() || unique.length() > 150)
            throw new UsageException(
                    "the unique key must be 1 to 150 characters (give one with --unique-key or \"unique_key\")");
        Payload stamped = payload.with(JobKeys.UNIQUE_FIELD, unique)
                .with(JobKeys.UNIQUE_FOR_FIELD, Math.max(1, (uniqueFor.toMillis() + 999) / 1000));
        return untilProcessing ? stamped.with(JobKeys.UNTIL_PROCESSING_FIELD, true) : stamped;
    }
}
