package dev.qctl.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.handler.NoopHandler;
import dev.qctl.queue.JobOptions;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;

/** The benchmark's job: the built-in no-op, padded to the requested size, sleeping the requested time. */
final class BenchJobs {
    private BenchJobs() {}

    static Payload payload(BenchSettings settings, int sequence) {
        ObjectNode data = Json.MAPPER.createObjectNode().put("seq", sequence);
        if (settings.jobMs() > 0) data.put("ms", settings.jobMs());
        if (settings.payloadBytes() > 0) data.put("pad", "x".repeat(settings.payloadBytes()));
        return Payload.create(NoopHandler.NAME, "bench", data, new JobOptions(3, null, null, 60, null, null));
    }
}
