package dev.qctl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.qctl.base.Secrets;
import dev.qctl.queue.Json;

/**
 * A payload as the dashboard may show it: every field whose name looks like a credential
 * ({@link Secrets#isSecretName}) masked at any depth, and URL passwords masked in every string.
 */
final class PayloadMasking {
    private PayloadMasking() {}

    /** The masked payload as pretty JSON; an unreadable payload as masked text. */
    static String masked(String payload) {
        if (payload == null) return "";
        try {
            JsonNode tree = Json.MAPPER.readTree(payload);
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(mask(tree));
        } catch (java.io.IOException unreadable) {
            return Secrets.text(payload);
        }
    }

    private static JsonNode mask(JsonNode node) {
        if (node.isTextual()) return TextNode.valueOf(Secrets.text(node.asText()));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++)
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, mask(node.get(i)));
            return node;
        }
        if (node instanceof ObjectNode object) {
            for (String name : object.properties().stream()
                    .map(java.util.Map.Entry::getKey)
                    .toList())
                object.set(name, Secrets.isSecretName(name) ? TextNode.valueOf(Secrets.MASK) : mask(object.get(name)));
        }
        return node;
    }
}
