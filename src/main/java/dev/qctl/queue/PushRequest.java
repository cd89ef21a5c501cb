package dev.qctl.queue;

import java.time.Duration;

/** One job to enqueue: the queue, the payload, and how long it waits before it is available. */
public record PushRequest(String queue, Payload payload, Duration delay) {
    public PushRequest {
        if (delay == null || delay.isNegative()) delay = Duration.ZERO;
    }

    public static PushRequest now(String queue, Payload payload) {
        return new PushRequest(queue, payload, Duration.ZERO);
    }
}
