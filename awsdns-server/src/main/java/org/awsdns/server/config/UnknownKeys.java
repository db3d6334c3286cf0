package org.awsdns.server.config;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the first key of a YAML subtree that its config type does not know. Jackson binds a
 * record's keys into its constructor and reports unknown keys only after the constructor ran,
 * so a record that rejects what it got (a required key missing) would hide the typo that caused
 * it: {@code hosts: {entries_typo: [...]}} must name {@code entries_typo}, not the missing
 * {@code entries}. The keys are read from the deserializers Jackson itself uses.
 */
final class UnknownKeys {
    /** An unknown key: its path, the key, and the keys known there. */
    record Unknown(String parentPath, String path, String key, Collection<String> known) {}

    private final ObjectMapper mapper;
    private final DeserializationContext context;

    UnknownKeys(ObjectMapper mapper) {
        this.mapper = mapper;
        this.context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createDummyInstance(mapper.getDeserializationConfig());
    }

    /** The first unknown key in {@code node} bound as {@code type}, in document order, or {@code null}. */
    Unknown first(JsonNode node, Class<?> type, String path) {
        return first(node, mapper.constructType(type), path);
    }

    private Unknown first(JsonNode node, JavaType type, String path) {
        if (node == null || type == null) {
            return null;
        }
        if ((type.isCollectionLikeType() || type.isArrayType()) && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Unknown found = first(node.get(i), type.getContentType(), Locations.element(path, i));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (type.isMapLikeType() && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                Unknown found = first(field.getValue(), type.getContentType(), Locations.child(path, field.getKey()));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        BeanDeserializerBase bean = beanDeserializer(type);
        if (bean == null) {
            return null; // a custom deserializer decides what it accepts
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childPath = Locations.child(path, field.getKey());
            SettableBeanProperty property = bean.findProperty(field.getKey());
            if (property == null) {
                TreeSet<String> known = new TreeSet<>();
                bean.getKnownPropertyNames().forEach(name -> known.add(String.valueOf(name)));
                return new Unknown(path, childPath, field.getKey(), known);
            }
            Unknown found = first(field.getValue(), property.getType(), childPath);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The bean deserializer binding objects' keys to properties, or {@code null} when another kind binds {@code type}. */
    private BeanDeserializerBase beanDeserializer(JavaType type) {
        try {
            JsonDeserializer<Object> deserializer = context.findRootValueDeserializer(type);
            if (deserializer instanceof BeanDeserializerBase bean
                    && !bean.getValueInstantiator().canCreateUsingDelegate()
                    && !bean.getValueInstantiator().canCreateUsingArrayDelegate()) {
                return bean;
            }
        } catch (Exception e) {
            // not a type Jackson can bind: nothing to say here, the binding error will
        }
        return null;
    }
}
