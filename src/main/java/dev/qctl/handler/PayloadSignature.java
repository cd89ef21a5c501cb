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
 * Signs a payload so a worker can tell it was made by someone holding the signing key.
 *
 * <p>What is signed: the UTF-8 bytes of {@code "qctl-payload-v1\n"} followed by the payload
 * as canonical JSON — every field except {@link #UNSIGNED}, object keys sorted
 * (recursively), no whitespace, as Jackson writes them. The signature goes in the field
 * {@code signature} as {@code "v1:" + hex(HMAC-SHA256(macKey, those bytes))}. The unsigned
 * fields are the ones the queue itself rewrites (attempt counts, store ids); everything
 * that decides what runs (job, data, displayName, options, uuid) is covered.
 */
public final class PayloadSignature {
    public static final String FIELD = "signature";
    public static final Set<String> UNSIGNED = Set.of(FIELD, "attempts", "id", Payload.EXCEPTIONS_FIELD, "pushedAt");
    private static final String PREFIX = "v1:";

    private PayloadSignature() {}

    public static Payload sign(Payload payload, SigningKey key) {
        return payload.with(FIELD, PREFIX + HexFormat.of().formatHex(mac(payload, key)));
    }

    /** Whether the payload carries a signature made with {@code key} over its current content. */
    public static boolean verify(Payload payload, SigningKey key) {
        JsonNode sig = Json.parse(payload.toJson(), "payload").get(FIELD);
        if (sig == null || !sig.isTextual() || !sig.asText().startsWith(PREFIX)) return false;
        byte[] given;
        try {
            given = HexFormat.of().parseHex(sig.asText().substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(payload, key));
    }

    /** The exact bytes that are signed. */
    static byte[] canonical(Payload payload) {
        ObjectNode root = (ObjectNode) Json.parse(payload.toJson(), "payload");
        UNSIGNED.forEach(root::remove);
        return ("qctl-payload-v1\n" + Json.write(sorted(root))).getBytes(StandardCharsets.UTF_8);
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

    private static byte[] mac(Payload payload, SigningKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.macKey(), "HmacSHA256"));
            return mac.doFinal(canonical(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
