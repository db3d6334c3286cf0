package org.awsdns.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/** The two shapes of a {@code plugins} item: {@code - name} or {@code - name: {config}}. */
final class PluginEntries {
    private PluginEntries() {}

    /** The plugin name of an item, or null when it has neither shape. */
    static String nameOf(JsonNode entry) {
        if (entry != null && entry.isTextual()) {
            return entry.asText();
        }
        if (entry != null && entry.isObject() && entry.size() == 1) {
            return entry.fieldNames().next();
        }
        return null;
    }
}
