package dev.qctl.queue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes the values of top-level fields of a JSON object in place, leaving every other byte
 * as it was written. A payload written by PHP's json_encode ({@code \/}, <code>&#92;uXXXX</code>, a
 * float's digits, {@code []}) would come out in Jackson's spelling if qctl parsed and wrote it
 * again; edited this way, it is the app's text with only the changed values replaced.
 */
public final class TopLevelEdits {
    private final Map<String, String> replacements = new LinkedHashMap<>();

    /** Sets a field's value, adding the field at the end if it is not there; null writes JSON null. */
    public TopLevelEdits set(String field, Long value) {
        return setJson(field, value == null ? "null" : Long.toString(value));
    }

    /** Sets a field to a value given as JSON text, adding the field at the end if it is not there. */
    public TopLevelEdits setJson(String field, String jsonValue) {
        replacements.put(field, jsonValue);
        return this;
    }

    /** Removes a field if it is there. */
    public TopLevelEdits remove(String field) {
        replacements.put(field, null);
        return this;
    }

    /** The edited text; throws {@link InvalidPayloadException} if {@code json} is not an object. */
    public String applyTo(String json) {
        List<Span> spans = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int members = 0;
        int objectEnd;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT)
                throw new InvalidPayloadException("payload is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int nameStart = (int) p.currentTokenLocation().getCharOffset();
                JsonToken value = p.nextToken();
                int valueStart = (int) p.currentTokenLocation().getCharOffset();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) p.skipChildren();
                else p.getText(); // a string is read lazily: finish it so the location is past its end
                int valueEnd = (int) p.currentLocation().getCharOffset();
                if (replacements.containsKey(name)) spans.add(new Span(name, nameStart, valueStart, valueEnd));
                seen.add(name);
                members++;
            }
            objectEnd = (int) p.currentTokenLocation().getCharOffset(); // the closing brace
        } catch (IOException e) {
            throw new InvalidPayloadException("payload is not valid JSON: " + Json.withoutSource(e.getMessage()));
        }
        spans.sort(Comparator.comparingInt(Span::nameStart).reversed()); // edit from the end: offsets stay valid
        StringBuilder out = new StringBuilder(json);
        StringBuilder added = new StringBuilder();
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (r.getValue() == null || seen.contains(r.getKey())) continue;
            added.append(members++ == 0 ? "" : ",")
                    .append(Json.write(r.getKey()))
                    .append(':')
                    .append(r.getValue());
        }
        out.insert(objectEnd, added);
        for (Span s : spans) {
            String replacement = replacements.get(s.name());
            if (replacement != null) {
                out.replace(s.valueStart(), s.valueEnd(), replacement);
            } else {
                removeMember(out, s);
            }
        }
        return out.toString();
    }

    /** Removes {@code "name": value} and one comma beside it (the one after, else the one before). */
    private static void removeMember(StringBuilder out, Span s) {
        int after = s.valueEnd();
        while (after < out.length() && Character.isWhitespace(out.charAt(after))) after++;
        if (after < out.length() && out.charAt(after) == ',') {
            out.delete(s.nameStart(), after + 1);
            return;
        }
        int before = s.nameStart() - 1;
        while (before >= 0 && Character.isWhitespace(out.charAt(before))) before--;
        out.delete(before >= 0 && out.charAt(before) == ',' ? before : s.nameStart(), s.valueEnd());
    }

    private record Span(String name, int nameStart, int valueStart, int valueEnd) {}
}
