package dev.qctl.handler;

import dev.qctl.config.SigningKey;
import dev.qctl.queue.Payload;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stands in front of a handler. For raw {@code exec}/{@code http} jobs — which run whatever the
 * payload says — it demands a valid signature unless raw jobs are allowed; for every job it
 * decrypts encrypted data. A refused job fails at once, with the reason, and never runs.
 */
final class PayloadGuard implements JobHandler {
    private final JobHandler inner;
    private final boolean signatureRequired;
    private final Supplier<Optional<SigningKey>> keys;

    PayloadGuard(JobHandler inner, boolean signatureRequired, Supplier<Optional<SigningKey>> keys) {
        this.inner = inner;
        this.signatureRequired = signatureRequired;
        this.keys = keys;
    }

    @Override
    public void handle(Attempt context) throws Exception {
        Payload payload = context.payload();
        Optional<SigningKey> key = keys.get();
        if (signatureRequired) check(payload, context.queue(), key);
        if (DataEncryption.isEncrypted(payload)) {
            if (key.isEmpty())
                throw new UnhandleableJobException(
                        "Refused: the job's data is encrypted and this worker holds no signing key ($" + SigningKey.ENV
                                + " or signing_key_file:)");
            payload = DataEncryption.decrypt(payload, key.get());
        }
        inner.handle(new Attempt(context.jobId(), context.queue(), context.attempt(), context.connection(), payload));
    }

    @Override
    public void failedForGood(Attempt context, String reason) throws Exception {
        Payload payload = context.payload();
        Optional<SigningKey> key = keys.get();
        // the hook sees the data its job saw; without the key it gets the payload as stored
        if (DataEncryption.isEncrypted(payload) && key.isPresent())
            payload = DataEncryption.decrypt(payload, key.get());
        inner.failedForGood(
                new Attempt(context.jobId(), context.queue(), context.attempt(), context.connection(), payload),
                reason);
    }

    @Override
    public boolean hasFailureHook() {
        return inner.hasFailureHook();
    }

    @Override
    public java.time.Duration failureHookTimeout() {
        return inner.failureHookTimeout();
    }

    private static void check(Payload payload, String queue, Optional<SigningKey> key) throws UnhandleableJobException {
        String what = "raw " + payload.job() + " job";
        if (!payload.has(PayloadSignature.FIELD)) {
            throw new UnhandleableJobException(
                    "Refused: unsigned " + what + "; workers run raw jobs only when signed with their key"
                            + " (qctl dispatch signs them) or when allowed by allow_raw: true / --allow-raw");
        }
        if (key.isEmpty()) {
            throw new UnhandleableJobException("Refused: signed " + what + " but this worker holds no signing key ($"
                    + SigningKey.ENV + " or signing_key_file:)");
        }
        if (!PayloadSignature.verify(payload, queue, key.get())) {
            throw new UnhandleableJobException("Refused: bad signature on " + what
                    + " (changed after signing, signed with another key, or signed for another queue)");
        }
    }
}
