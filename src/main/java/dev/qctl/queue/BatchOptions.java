package dev.qctl.queue;

/**
 * What a batch does as its jobs finish, as given at dispatch (Laravel's {@code allowFailures()},
 * {@code then}, {@code catch}, {@code finally}). qctl's callbacks are jobs: each is pushed once,
 * in the same transaction or script as the ack or failure that decides it.
 *
 * @param allowFailures false: the first failure cancels the batch (Laravel's default)
 * @param then          pushed when every job has succeeded; null for none
 * @param onFailure     ({@code catch}) pushed on the batch's first failure; null for none
 * @param always        ({@code finally}) pushed once every job has run (succeeded or failed); null for none
 */
public record BatchOptions(boolean allowFailures, PushRequest then, PushRequest onFailure, PushRequest always) {
    public static final BatchOptions NONE = new BatchOptions(false, null, null, null);
}
