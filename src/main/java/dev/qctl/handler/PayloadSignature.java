package dev.qctl.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.config.SigningKey;
import dev.qctl.queue.Json;
import dev.qctl.queue.Payload;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a payload so a worker can tell it was made by someone holding the signing key, for the
 * queue it was dispatched to.
 *
 * <p>What is signed (v2): the UTF-8 bytes of {@code "qctl-payload-v2\n"}, the queue's name and
 * {@code "\n"}, then the payload as canonical JSON — every field except {@link #UNSIGNED},
 * object keys sorted (recursively), no whitespace, as Jackson writes them. The signature goes in
 * the field {@code signature} as {@code "v2:" + hex(HMAC-SHA256(macKey, those bytes))}. The
 * unsigned fields are the ones the queue itself rewrites (attempt counts, store ids); everything
 * that decides what runs (job, data, displayName, options, uuid) is covered, and the queue: a
 * signed payload copied onto another queue does not verify there, while a retry or release back
 * onto its own queue does. The uuid is signed, so a copy on the same queue is the same job.
 *
 * <p>Signatures made before the queue was bound ({@code "v1:"}, the same bytes without the queue
 * line) still verify, on any queue, so jobs waiting when qctl was upgraded run; they are never
 * made any more, and dispatching such a job again binds it.
 */
public final class PayloadSignature {
    public static final String FIELD = "signature";
    public static final Set<String> UNSIGNED = Set.of(FIELD, "attempts", "id", Payload.EXCEPTIONS_FIELD, "pushedAt");
    private static final String V1 = "v1:";
    private static final String V2 = "v2:";

    private PayloadSignature() {}

    /** The payload signed for {@code queue}. */
    public static Payload sign(Payload payload, String queue, SigningKey key) {
        return payload.with(FIELD, V2 + HexFormat.of().formatHex(mac(canonical(payload, queue), key)));
    }

    /** Whether the payload carries a signature made with {@code key} over its current content, for {@code queue}. */
    public static boolean verify(Payload payload, String queue, SigningKey key) {
        JsonNode sig = Json.parse(payload.toJson(), "payload").get(FIELD);
        if (sig == null || !sig.isTextual()) return false;
        String text = sig.asText();
        byte[] expected;
        if (text.startsWith(V2)) expected = mac(canonical(payload, queue), key);
        else if (text.startsWith(V1)) expected = mac(canonical(payload), key);
        else return false;
        byte[] given;
        try {
            given = HexFormat.of().parseHex(text.substring(V2.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, expected);
    }

    /** The bytes a v2 signature covers. */
    static byte[] canonical(Payload payload, String queue) {
        return ("qctl-payload-v2\n" + queue + "\n" + canonicalJson(payload)).getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes a v1 signature covered (no queue). */
    static byte[] canonical(Payload payload) {
        return ("qctl-payload-v1\n" + canonicalJson(payload)).getBytes(StandardCharsets.UTF_8);
    }

    private static String canonicalJson(Payload payload) {
        ObjectNode root = (ObjectNode) Json.parse(payload.toJson(), "payload");
        UNSIGNED.forEach(root::remove);
        return Json.write(sorted(root));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }

    private static byte[] mac(byte[] signed, SigningKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.macKey(), "HmacSHA256"));
            return mac.doFinal(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
