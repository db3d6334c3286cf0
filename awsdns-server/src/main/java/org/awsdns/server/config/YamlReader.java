package org.awsdns.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML into a tree in one streaming pass, remembering the line and column of every key
 * (for a mapping's entries) and every element (for a list's items).
 *
 * <p>Anchors and aliases ({@code &zone} and {@code *zone}) are resolved here: Jackson's streaming
 * parser hands an alias over as a plain string (the anchor's name), which would silently read
 * {@code zones: [*z]} as the zone {@code z.}. An alias gets a copy of the anchored value; an alias
 * to no anchor is an error naming its line. The merge key {@code <<: *defaults} (or a list of
 * aliases) copies the keys of the merged mappings that the mapping does not set itself.
 */
final class YamlReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AnchorAwareYaml FACTORY = new AnchorAwareYaml();

    /** The tree of a document, or null for an empty one, and where each path is. */
    record Result(JsonNode root, Locations locations) {}

    private final String sourceName;
    private static final String MERGE_KEY = "<<";

    private final Map<String, int[]> positions = new HashMap<>();
    private final Map<String, JsonNode> anchors = new HashMap<>();

    private YamlReader(String sourceName) {
        this.sourceName = sourceName;
    }

    static Result read(ConfigSource source) {
        YamlReader reader = new YamlReader(source.name());
        try (JsonParser parser = FACTORY.createParser(new java.io.StringReader(source.text()))) {
            JsonToken first = parser.nextToken();
            JsonNode root = first == null ? null : reader.value(parser, "");
            return new Result(root, new Locations(source.name(), reader.positions));
        } catch (JsonParseException e) {
            throw syntaxError(source.name(), e);
        } catch (IOException e) {
            throw new ConfigException(source.name() + ": cannot read YAML: " + e.getMessage(), e);
        }
    }

    /** Parses a {@code --set} value: a YAML scalar or flow value such as {@code [a, b]} or {@code {ttl: 60}}. */
    static JsonNode readValue(String text, String origin) {
        return readValue(text, origin, false);
    }

    /** As {@link #readValue(String, String)}; with {@code secret}, a parse error does not quote the text. */
    static JsonNode readValue(String text, String origin, boolean secret) {
        try (JsonParser parser = FACTORY.createParser(new java.io.StringReader(text))) {
            JsonToken first = parser.nextToken();
            return first == null ? NODES.nullNode() : new YamlReader(origin).value(parser, "");
        } catch (IOException e) {
            throw new ConfigException(origin + ": the value is not valid YAML"
                    + (secret ? " (the parser's detail is not shown: it would quote a secret)" : ": " + firstLine(e.getMessage())));
        }
    }

    private JsonNode value(JsonParser parser, String path) throws IOException {
        positions.putIfAbsent(path, position(parser.currentTokenLocation()));
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            return alias(parser, path);
        }
        String anchor = parser instanceof AnchorAwareYaml.Parser yaml ? yaml.anchor() : null;
        JsonNode node = plainValue(parser, path);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    /** A copy of the value anchored under the alias's name. */
    private JsonNode alias(JsonParser parser, String path) throws IOException {
        String name = parser.getText();
        JsonNode anchored = anchors.get(name);
        if (anchored == null) {
            JsonLocation location = parser.currentTokenLocation();
            throw new ConfigException(sourceName + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": "
                    + (path.isEmpty() ? "" : path + ": ") + "alias '*" + name + "' refers to no anchor; define '&" + name
                    + "' on a value above it" + (anchors.isEmpty() ? "" : " (anchors so far: " + new java.util.TreeSet<>(anchors.keySet()) + ")"));
        }
        return anchored.deepCopy();
    }

    private JsonNode plainValue(JsonParser parser, String path) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                List<JsonNode> merged = new ArrayList<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String childPath = Locations.child(path, key);
                    if (key.equals(MERGE_KEY)) {
                        JsonLocation location = parser.currentTokenLocation();
                        parser.nextToken();
                        merged.addAll(mergeSources(value(parser, childPath), location, childPath));
                        continue;
                    }
                    if (object.has(key)) {
                        JsonLocation location = parser.currentTokenLocation();
                        throw new ConfigException(sourceName + ":" + location.getLineNr() + ":" + location.getColumnNr()
                                + ": " + childPath + ": duplicate key '" + key + "'");
                    }
                    positions.put(childPath, position(parser.currentTokenLocation()));
                    parser.nextToken();
                    object.set(key, value(parser, childPath));
                }
                for (JsonNode source : merged) {
                    for (Iterator<Map.Entry<String, JsonNode>> fields = source.fields(); fields.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        if (!object.has(field.getKey())) {
                            object.set(field.getKey(), field.getValue().deepCopy());
                        }
                    }
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, Locations.element(path, array.size())));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
                        ? NODES.numberNode(parser.getDecimalValue())
                        : numberNode(parser);
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                return NODES.pojoNode(parser.getEmbeddedObject());
        }
    }

    /** The mappings a merge key names: one mapping, or a list of them (the first wins a key). */
    private List<JsonNode> mergeSources(JsonNode value, JsonLocation location, String path) {
        List<JsonNode> sources = new ArrayList<>();
        if (value.isObject()) {
            sources.add(value);
        } else if (value.isArray() && value.size() > 0) {
            value.forEach(sources::add);
        }
        if (sources.isEmpty() || sources.stream().anyMatch(source -> !source.isObject())) {
            throw new ConfigException(sourceName + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": "
                    + path + ": a merge key takes a mapping or a list of mappings (e.g. <<: *defaults), got "
                    + TreeEditor.describe(value));
        }
        return sources;
    }

    private static JsonNode numberNode(JsonParser parser) throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            case BIG_INTEGER -> NODES.numberNode(parser.getBigIntegerValue());
            case FLOAT, DOUBLE -> NODES.numberNode(parser.getDoubleValue());
            case BIG_DECIMAL -> NODES.numberNode(parser.getDecimalValue());
        };
    }

    private static int[] position(JsonLocation location) {
        return new int[] {location.getLineNr(), location.getColumnNr()};
    }

    private static ConfigException syntaxError(String sourceName, JsonParseException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark mark = yaml.getProblemMark();
            String where = sourceName + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            String hint = hint(yaml.getProblem());
            if (hint != null) {
                return new ConfigException(where + ": " + hint, e);
            }
            String context = yaml.getContext() == null ? "" : yaml.getContext() + ": ";
            return new ConfigException(where + ": YAML syntax error: " + context + yaml.getProblem(), e);
        }
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr();
        return new ConfigException(sourceName + where + ": YAML syntax error: " + firstLine(e.getOriginalMessage()), e);
    }

    /** A plain explanation of the usual layout mistakes, for the parser's terse problems; null for others. */
    static String hint(String problem) {
        if (problem == null) {
            return null;
        }
        if (problem.startsWith("expected <block end>") || problem.startsWith("did not find expected key")
                || problem.startsWith("did not find expected '-' indicator")) {
            return "this line is indented differently from the lines around it: the keys of one mapping must start"
                    + " in the same column, and the items of one list ('- ') must line up under each other";
        }
        if (problem.startsWith("mapping values are not allowed here")) {
            return "a 'key:' where none can start: indent the keys of a nested mapping under their parent key"
                    + " (e.g. two more spaces), and quote a value that itself contains ': '";
        }
        if (problem.startsWith("could not find expected ':'")) {
            return "a key without ':' after it, or a line that does not belong to the one above: write 'key: value'";
        }
        if (problem.contains("'\\t'") || problem.contains("\t")) {
            return "a tab: YAML indents with spaces only";
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
