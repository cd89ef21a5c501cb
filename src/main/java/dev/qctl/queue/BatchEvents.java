package dev.qctl.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * Laravel's rules ({@code Batch::recordSuccessfulJob}/{@code recordFailedJob}) for what one job's
 * outcome sets off, from the batch's counts just after that outcome was counted. A store calls
 * this while it still holds the batch row locked, so exactly one outcome sees each moment.
 * (Redis's scripts apply the same rules in Lua.)
 */
public final class BatchEvents {
    private BatchEvents() {}

    /** What to push after a success left these counts: {@code then} at 0 pending, {@code finally} once all ran. */
    public static List<PushRequest> afterSuccess(Batch b, BatchOptions o) {
        List<PushRequest> push = new ArrayList<>();
        if (b.pendingJobs() == 0 && o.then() != null) push.add(o.then());
        if (b.pendingJobs() - b.failedJobs() == 0 && o.always() != null) push.add(o.always());
        return push;
    }

    /** What to push after a failure left these counts: {@code catch} on the first, {@code finally} once all ran. */
    public static List<PushRequest> afterFailure(Batch b, BatchOptions o) {
        List<PushRequest> push = new ArrayList<>();
        if (b.failedJobs() == 1 && o.onFailure() != null) push.add(o.onFailure());
        if (b.pendingJobs() - b.failedJobs() == 0 && o.always() != null) push.add(o.always());
        return push;
    }

    /** Whether this failure cancels the batch: the first one, unless failures are allowed. */
    public static boolean failureCancels(Batch b, BatchOptions o) {
        return b.failedJobs() == 1 && !o.allowFailures() && !b.cancelled();
    }
}
