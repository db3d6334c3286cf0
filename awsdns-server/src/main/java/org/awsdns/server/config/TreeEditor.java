package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@code --set PATH=VALUE} and {@code --listen} to a configuration tree, recording each
 * change in {@link Locations} so errors name the override instead of a line of the file.
 *
 * <p>A path is dot-separated keys with {@code [i]} indexes. In a {@code plugins} list a key names
 * the plugin: {@code servers[0].plugins.hosts.ttl=60}. Missing mappings are created; an index
 * equal to a list's size appends.
 */
final class TreeEditor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode root;
    private final Locations locations;

    TreeEditor(ObjectNode root, Locations locations) {
        this.root = requireNonNull(root, "root is null");
        this.locations = requireNonNull(locations, "locations is null");
    }

    void apply(ConfigOverrides overrides) {
        for (String set : overrides.sets()) {
            set(set);
        }
        if (!overrides.listen().isEmpty()) {
            listen(overrides.listen());
        }
    }

    private void set(String assignment) {
        // what messages quote: never the value of a secret key (--set ...secret_access_key=****)
        String origin = "--set " + SecretKeys.maskAssignment(assignment);
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new ConfigException(origin + ": expected PATH=VALUE, e.g. --set transport.edns_udp_size=4096");
        }
        List<Object> segments = parsePath(assignment.substring(0, equals).trim(), origin);
        boolean secret = !origin.equals("--set " + assignment);
        JsonNode value = YamlReader.readValue(assignment.substring(equals + 1), origin, secret);

        JsonNode parent = root;
        String path = "";
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            Object next = last ? null : segments.get(i + 1);
            if (segment instanceof Integer index) {
                if (!(parent instanceof ArrayNode array)) {
                    throw new ConfigException(origin + ": " + path + " is " + describe(parent) + ", not a list");
                }
                if (index > array.size()) {
                    throw new ConfigException(origin + ": index " + index + " is out of range: " + path + " has "
                            + array.size() + " elements");
                }
                String elementPath = Locations.element(path, index);
                if (last) {
                    put(array, index, value);
                    locations.overridden(elementPath, origin);
                    return;
                }
                JsonNode child = index < array.size() ? array.get(index) : null;
                if (isPluginList(path) && child != null && child.isTextual()) {
                    // a bare "- hosts" element becomes "- hosts: {}" so its config can be set
                    child = NODES.objectNode().set(child.asText(), NODES.objectNode());
                    array.set(index, child);
                }
                child = container(child, next, origin, elementPath);
                put(array, index, child);
                parent = child;
                path = elementPath;
            } else {
                String key = (String) segment;
                if (parent instanceof ArrayNode array && isPluginList(path)) {
                    int index = pluginIndex(array, key, origin, path);
                    JsonNode element = array.get(index);
                    ObjectNode entry = element instanceof ObjectNode object ? object : NODES.objectNode();
                    if (!(element instanceof ObjectNode)) {
                        entry.set(key, NODES.objectNode());
                        array.set(index, entry);
                    }
                    path = Locations.child(Locations.element(path, index), key);
                    if (last) {
                        entry.set(key, value);
                        locations.overridden(path, origin);
                        return;
                    }
                    JsonNode config = container(entry.get(key), next, origin, path);
                    entry.set(key, config);
                    parent = config;
                    continue;
                }
                if (!(parent instanceof ObjectNode object)) {
                    throw new ConfigException(origin + ": " + (path.isEmpty() ? "the root" : path) + " is "
                            + describe(parent) + ", not a mapping");
                }
                String childPath = Locations.child(path, key);
                if (last) {
                    object.set(key, value);
                    locations.overridden(childPath, origin);
                    return;
                }
                JsonNode child = container(object.get(key), next, origin, childPath);
                object.set(key, child);
                parent = child;
                path = childPath;
            }
        }
    }

    private void listen(List<String> addresses) {
        JsonNode servers = root.get("servers");
        if (!(servers instanceof ArrayNode blocks)) {
            return;
        }
        String origin = "--listen " + String.join(" --listen ", addresses);
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i) instanceof ObjectNode block) {
                ArrayNode list = NODES.arrayNode();
                addresses.forEach(list::add);
                block.set("listen", list);
                locations.overridden(Locations.child(Locations.element("servers", i), "listen"), origin);
            }
        }
    }

    /** The existing container to descend into, or a new one when absent or null. */
    private static JsonNode container(JsonNode existing, Object next, String origin, String path) {
        if (existing == null || existing.isNull()) {
            if (next instanceof Integer index && index != 0) {
                throw new ConfigException(origin + ": " + path + " does not exist; only index 0 can start a new list");
            }
            return next instanceof Integer ? NODES.arrayNode() : NODES.objectNode();
        }
        return existing;
    }

    private static void put(ArrayNode array, int index, JsonNode value) {
        if (index == array.size()) {
            array.add(value);
        } else {
            array.set(index, value);
        }
    }

    private static int pluginIndex(ArrayNode plugins, String name, String origin, String path) {
        List<Integer> matches = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < plugins.size(); i++) {
            String elementName = PluginEntries.nameOf(plugins.get(i));
            names.add(elementName == null ? "?" : elementName);
            if (name.equals(elementName)) {
                matches.add(i);
            }
        }
        if (matches.isEmpty()) {
            throw new ConfigException(origin + ": " + path + " has no plugin '" + name + "'; plugins there: " + names);
        }
        if (matches.size() > 1) {
            throw new ConfigException(origin + ": " + path + " has plugin '" + name + "' at " + matches
                    + "; name one with an index, e.g. " + path + "[" + matches.get(0) + "]." + name + "...");
        }
        return matches.get(0);
    }

    private static boolean isPluginList(String path) {
        return path.equals("plugins") || path.endsWith(".plugins");
    }

    private static List<Object> parsePath(String text, String origin) {
        List<Object> segments = new ArrayList<>();
        int i = 0;
        int length = text.length();
        while (i < length) {
            int start = i;
            while (i < length && isKeyCharacter(text.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw badPath(origin);
            }
            segments.add(text.substring(start, i));
            while (i < length && text.charAt(i) == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw badPath(origin);
                }
                try {
                    segments.add(Integer.parseInt(text.substring(i + 1, close)));
                } catch (NumberFormatException e) {
                    throw badPath(origin);
                }
                if ((Integer) segments.get(segments.size() - 1) < 0) {
                    throw badPath(origin);
                }
                i = close + 1;
            }
            if (i < length) {
                if (text.charAt(i) != '.' || i == length - 1) {
                    throw badPath(origin);
                }
                i++;
            }
        }
        if (segments.isEmpty()) {
            throw badPath(origin);
        }
        return segments;
    }

    private static boolean isKeyCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static ConfigException badPath(String origin) {
        return new ConfigException(origin + ": bad path; expected keys separated by dots with [i] indexes, "
                + "e.g. servers[0].plugins.hosts.ttl=60");
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "empty";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return "'" + node.asText() + "'";
    }
}
