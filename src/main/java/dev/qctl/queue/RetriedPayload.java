package dev.qctl.queue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failed job's payload made ready to run again, as Laravel's {@code queue:retry} does: its
 * attempts start from zero and its {@code retryUntil} is renewed. Only those values change;
 * the rest of the payload keeps the bytes it was written with (see {@link TopLevelEdits}).
 *
 * <p>Laravel renews {@code retryUntil} by calling the job class's {@code retryUntil()}; qctl
 * cannot run PHP, so it keeps the window's length instead: a payload that says when it was
 * pushed ({@code createdAt}, written by Laravel 12.11+ and by qctl) gets {@code retryUntil =
 * now + (retryUntil - createdAt)} and {@code createdAt = now}, so a second retry gets the same
 * window again. Without {@code createdAt} the length is unknown: a window still open is kept,
 * and one that has passed is cleared (the worker's tries then limit the job), with a warning.
 * A signed payload keeps its {@code retryUntil}: changing it would void the signature.
 *
 * @param json    the payload to push
 * @param warning one line for the user, or null
 */
public record RetriedPayload(String json, String warning) {

    /** Set by qctl's payload signing; the fields it covers cannot change. */
    private static final String SIGNATURE_FIELD = "signature";

    public static RetriedPayload of(String raw, long nowEpoch) {
        JsonNode root = Json.parse(raw, "payload");
        if (!root.isObject()) throw new InvalidPayloadException("payload is not a JSON object");
        TopLevelEdits edits = new TopLevelEdits();
        // Redis payloads carry their attempts; qctl counts exceptions in the payload for maxExceptions
        if (root.has("attempts")) edits.set("attempts", 0L);
        if (root.has(Payload.EXCEPTIONS_FIELD)) edits.remove(Payload.EXCEPTIONS_FIELD);
        String warning = null;
        JsonNode until = root.get("retryUntil");
        if (until != null && until.canConvertToLong() && until.isIntegralNumber()) {
            long retryUntil = until.asLong();
            JsonNode created = root.get("createdAt");
            boolean passed = retryUntil < nowEpoch;
            if (root.has(SIGNATURE_FIELD)) {
                if (passed) warning = "its retryUntil has passed and is signed, so kept: the job will fail at once";
            } else if (created != null && created.isIntegralNumber() && created.asLong() <= retryUntil) {
                edits.set("retryUntil", nowEpoch + (retryUntil - created.asLong()));
                edits.set("createdAt", nowEpoch);
            } else if (passed) {
                edits.set("retryUntil", null);
                warning = "its retryUntil had passed and the payload has no createdAt to measure the window from:"
                        + " cleared, so the worker's tries limit the job";
            }
        }
        return new RetriedPayload(edits.applyTo(raw), warning);
    }
}
