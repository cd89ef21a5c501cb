package dev.qctl.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one shared Jackson mapper, and helpers that turn Jackson's errors into one-line messages. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** Parses JSON text; on error, throws {@link InvalidPayloadException} naming {@code what}. */
    public static JsonNode parse(String text, String what) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) throw new InvalidPayloadException(what + " is empty");
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException(what + " is not valid JSON: " + withoutSource(e.getOriginalMessage()));
        }
    }

    /**
     * Jackson's {@code [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`
     * disabled); line: 1, column: 5]} is about Jackson's settings, not the user's text: only
     * the column (and a line other than the first) is kept.
     */
    static String withoutSource(String message) {
        if (message == null) return "malformed";
        java.util.regex.Matcher m = SOURCE.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String where =
                    "1".equals(m.group(1)) ? "column " + m.group(2) : "line " + m.group(1) + ", column " + m.group(2);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(where));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\\[Source: [^\\]]*\\]", "").strip();
    }

    private static final java.util.regex.Pattern SOURCE =
            java.util.regex.Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
