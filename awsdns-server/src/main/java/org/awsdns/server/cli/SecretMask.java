package org.awsdns.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.awsdns.server.config.SecretKeys;

/**
 * Masks the values of keys that hold secrets (AWS access keys, session tokens, passwords) in a
 * config tree before it is shown, so {@code awsdns check} never prints one.
 */
final class SecretMask {
    static final String MASK = SecretKeys.MASK;

    private SecretMask() {}

    static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecret(field.getKey()) && !field.getValue().isNull()) {
                    field.setValue(object.textNode(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(SecretMask::mask);
        }
        return node;
    }

    static boolean isSecret(String key) {
        return SecretKeys.isSecret(key);
    }
}
