package dev.qctl.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qctl.config.SigningKey;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a payload's {@code data} (like Laravel's ShouldBeEncrypted) with AES-256-GCM under
 * the signing key's encryption key. The payload gets {@code "encrypted": true} and
 * {@code data} becomes the text {@code "v1:" + base64(12-byte nonce ‖ ciphertext ‖ tag)};
 * the associated data is the label {@code qctl-data-v1}. The worker decrypts before the
 * handler sees the job.
 */
public final class DataEncryption {
    public static final String FIELD = "encrypted";
    private static final byte[] AAD = "qctl-data-v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private DataEncryption() {}

    public static boolean isEncrypted(Payload payload) {
        return payload.has(FIELD)
                && Json.parse(payload.toJson(), "payload").path(FIELD).asBoolean(false);
    }

    public static Payload encrypt(Payload payload, SigningKey key) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] plain = Json.write(payload.data()).getBytes(StandardCharsets.UTF_8);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, key, nonce, plain);
        byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                .put(nonce)
                .put(sealed)
                .array();
        return payload.with("data", "v1:" + Base64.getEncoder().encodeToString(out))
                .with(FIELD, true);
    }

    /** The payload with its data in clear; throws {@link UnhandleableJobException} if it cannot be opened. */
    public static Payload decrypt(Payload payload, SigningKey key) throws UnhandleableJobException {
        JsonNode data = payload.data();
        if (!data.isTextual() || !data.asText().startsWith("v1:"))
            throw new UnhandleableJobException("encrypted job data is not in the v1 format");
        try {
            byte[] all = Base64.getDecoder().decode(data.asText().substring(3));
            if (all.length < 12 + 16) throw new IllegalArgumentException("too short");
            byte[] nonce = java.util.Arrays.copyOfRange(all, 0, 12);
            byte[] plain = run(Cipher.DECRYPT_MODE, key, nonce, java.util.Arrays.copyOfRange(all, 12, all.length));
            return payload.with("data", Json.parse(new String(plain, StandardCharsets.UTF_8), "decrypted data"))
                    .without(FIELD);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UnhandleableJobException("cannot decrypt the job's data: wrong key or tampered ciphertext");
        }
    }

    private static byte[] run(int mode, SigningKey key, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key.encryptionKey(), "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(AAD);
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e.getClass().getSimpleName());
        }
    }
}
