package dev.qctl.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.Json;
import dev.qctl.worker.WorkerState;
import java.util.concurrent.TimeUnit;

/**
 * The answers of /health/live and /health/ready, from the worker's state in memory (a probe
 * never waits on the store). Live: the reservation loop turned, and the lease keeper went over
 * the running jobs, within what their own sleeps allow. Ready: the store answered a heartbeat
 * or a reservation within {@link #READY_WITHIN_NANOS} (the heartbeat reads it every half second).
 */
final class Health {
    static final long READY_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Slack on top of each loop's own longest sleep before it counts as stuck (a loaded machine). */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

    record Answer(boolean ok, String json) {}

    static Answer live(WorkerState s, long now) {
        long loopAge = now - s.lastLoop();
        long leaseAge = now - s.lastLeaseRound();
        boolean loop = loopAge <= s.loopQuiet() + GRACE_NANOS;
        boolean lease = leaseAge <= 3 * s.leaseQuiet() + GRACE_NANOS;
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", loop && lease ? "ok" : "stuck");
        body.putObject("loop").put("ok", loop).put("seconds_since_turn", seconds(loopAge));
        body.putObject("lease_keeper").put("ok", lease).put("seconds_since_round", seconds(leaseAge));
        return new Answer(loop && lease, Json.write(body));
    }

    static Answer ready(WorkerState s, long now) {
        boolean contacted = s.lastStoreContact() != 0;
        long age = now - s.lastStoreContact();
        boolean ok = contacted && age <= READY_WITHIN_NANOS;
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", ok ? "ok" : "store unreachable");
        ObjectNode store = body.putObject("store").put("ok", ok);
        if (contacted) store.put("seconds_since_contact", seconds(age));
        else store.putNull("seconds_since_contact");
        return new Answer(ok, Json.write(body));
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }
}
