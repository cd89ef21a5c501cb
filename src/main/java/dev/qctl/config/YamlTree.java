package dev.qctl.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into Jackson nodes while remembering the line of every key, so a
 * semantic error found later can still say where it is. Keys are dotted paths
 * ({@code connections.default.pool}, {@code handlers.x.exec[2]}).
 *
 * <p>An alias is refused with a one-line error: the parser hands it over as a bare string (its
 * name) and does not report the anchors of scalars, so {@code [*bin, run]} would quietly become
 * {@code ["bin", "run"]} and cannot be resolved faithfully.
 */
final class YamlTree {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final Path file;
    final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlTree(Path file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /** Parses {@code text}; a syntax error becomes a one-line {@link ConfigException}. */
    static YamlTree parse(Path file, String text) {
        Map<String, Integer> lines = new HashMap<>();
        String[] lastKey = {""};
        try (JsonParser p = YAML.createParser(text)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = p.nextToken();
            Reader reader = new Reader(file, lines, lastKey);
            JsonNode root = first == null ? NODES.objectNode() : reader.read(p, "");
            if (p.nextToken() != null)
                throw new ConfigException(
                        file, line(p.currentTokenLocation()), "", "holds more than one YAML document");
            return new YamlTree(file, root, lines);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
            if (message.startsWith("Duplicate field")) {
                throw new ConfigException(file, line(e.getLocation()), lastKey[0], "appears twice in the same mapping");
            }
            // snakeyaml's message spans lines: the problem at column 0, indented positions and a caret drawing
            message = String.join(
                    ": ",
                    message.lines()
                            .filter(l -> !l.isBlank() && !l.startsWith(" "))
                            .map(String::strip)
                            .toList());
            String near = lastKey[0].isEmpty() ? "at the top" : "after key '" + lastKey[0] + "'";
            throw new ConfigException(
                    file,
                    line(e.getLocation()),
                    "",
                    "YAML syntax error " + near + ": " + (message.isEmpty() ? "unreadable" : message));
        } catch (IOException e) {
            throw new ConfigException(file, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** Reads one document's nodes, refusing aliases. */
    private record Reader(Path file, Map<String, Integer> lines, String[] lastKey) {
        JsonNode read(JsonParser p, String path) throws IOException {
            if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                throw new ConfigException(
                        file,
                        line(p.currentTokenLocation()),
                        path,
                        "YAML alias *" + p.getText() + " is not supported here; write the value out");
            }
            return readValue(p, path, lines, lastKey, this);
        }
    }

    private static JsonNode readValue(
            JsonParser p, String path, Map<String, Integer> lines, String[] lastKey, Reader reader) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String key = path.isEmpty() ? name : path + "." + name;
                    lines.put(key, line(p.currentTokenLocation()));
                    lastKey[0] = key;
                    p.nextToken();
                    object.set(name, reader.read(p, key));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String key = path + "[" + i++ + "]";
                    lines.put(key, line(p.currentTokenLocation()));
                    array.add(reader.read(p, key));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode(p.getText());
            }
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    /** The line of {@code key}, or of its nearest enclosing key, or 0. */
    int lineOf(String key) {
        String k = key;
        while (!k.isEmpty()) {
            Integer line = lines.get(k);
            if (line != null) return line;
            int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
            k = cut < 0 ? "" : k.substring(0, cut);
        }
        return 0;
    }

    ConfigException error(String key, String problem) {
        return new ConfigException(file, lineOf(key), key, problem);
    }
}
