package dev.qctl.handler;

import dev.qctl.base.UsageException;
import dev.qctl.config.SigningKey;
import dev.qctl.queue.Payload;
import java.util.Optional;

/**
 * What a producer does to a payload before it is stored on {@code queue}: encrypt the data if
 * asked, then sign it for that queue if it holds a key.
 */
public final class PayloadSeal {
    private PayloadSeal() {}

    public static Payload seal(Payload payload, String queue, Optional<SigningKey> key, boolean encrypt) {
        if (encrypt && key.isEmpty())
            throw new UsageException("--encrypt needs a signing key ($" + SigningKey.ENV + " or signing_key_file:)");
        Payload sealed = encrypt ? DataEncryption.encrypt(payload, key.get()) : payload;
        return key.isPresent() ? PayloadSignature.sign(sealed, queue, key.get()) : sealed;
    }
}
