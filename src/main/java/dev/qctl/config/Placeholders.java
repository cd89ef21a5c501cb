package dev.qctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * {@code {name}} templates in handler argv, URLs and headers, filled from a job's data.
 * {@code {a.b}} reads a nested field; {@code {{} and {@code }}} are literal braces. A value is
 * inserted as text only: it never becomes more than the one argv element or header it sits
 * in, and there is no shell to interpret it.
 */
public final class Placeholders {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");

    private Placeholders() {}

    /** The placeholder names in {@code template}; throws {@link IllegalArgumentException} if it is malformed. */
    public static List<String> names(String template) {
        List<String> names = new ArrayList<>();
        fill(template, name -> {
            names.add(name);
            return "";
        });
        return names;
    }

    /** Fills every placeholder from {@code data}, passing each value through {@code encode} (e.g. URL encoding). */
    public static String fill(String template, JsonNode data, UnaryOperator<String> encode) {
        return fill(template, name -> encode.apply(value(data, name)));
    }

    /** The text of {@code data}'s field at {@code path}; throws {@link MissingValueException} if absent or not a scalar. */
    public static String value(JsonNode data, String path) {
        JsonNode node = node(data, path);
        if (node.isNull()) throw new MissingValueException("data has no value for {" + path + "}");
        if (node.isContainerNode())
            throw new MissingValueException(
                    "{" + path + "} must be a string or number, not " + (node.isArray() ? "a list" : "an object"));
        return node.asText();
    }

    /**
     * {@code data}'s field at {@code path} as it is (an object, a list, a JSON null); throws
     * {@link MissingValueException} if there is no such field.
     */
    public static JsonNode node(JsonNode data, String path) {
        JsonNode node = data;
        for (String part : path.split("\\.")) node = node == null ? null : node.get(part);
        if (node == null || node.isMissingNode())
            throw new MissingValueException("data has no value for {" + path + "}");
        return node;
    }

    /**
     * The name if {@code template} is exactly one placeholder, such as {@code "{user.id}"}, else
     * null. A JSON body template puts such a field's value in typed, rather than as text.
     */
    public static String soleName(String template) {
        if (template.length() < 3
                || template.charAt(0) != '{'
                || template.charAt(1) == '{'
                || template.indexOf('}') != template.length() - 1) {
            return null;
        }
        String name = template.substring(1, template.length() - 1).strip();
        return NAME.matcher(name).matches() ? name : null;
    }

    private static String fill(String template, UnaryOperator<String> lookup) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && template.startsWith("{{", i)) {
                out.append('{');
                i += 2;
            } else if (c == '}' && template.startsWith("}}", i)) {
                out.append('}');
                i += 2;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0)
                    throw new IllegalArgumentException(
                            "unclosed '{' in template '" + template + "' (write {{ for a literal brace)");
                String name = template.substring(i + 1, end).strip();
                if (!NAME.matcher(name).matches())
                    throw new IllegalArgumentException("bad placeholder {" + name + "} in '" + template + "'");
                out.append(lookup.apply(name));
                i = end + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException(
                        "stray '}' in template '" + template + "' (write }} for a literal brace)");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** A placeholder the job's data does not fill. */
    public static final class MissingValueException extends IllegalArgumentException {
        public MissingValueException(String message) {
            super(message);
        }
    }
}
