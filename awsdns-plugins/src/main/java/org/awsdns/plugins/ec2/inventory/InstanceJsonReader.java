package org.awsdns.plugins.ec2.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one element of {@code Instances} token by token, with the same result as
 * {@link FileInstanceSource#convert(com.fasterxml.jackson.databind.JsonNode)} on its tree (the
 * tree of 100,000 instances was most of a file load): the same attributes, tags and addresses in
 * the same order, whatever the order of the fields; a later duplicate field replaces an earlier one.
 */
final class InstanceJsonReader {
    /** Attributes found at one key of the instance. */
    private static final Map<String, InstanceAttribute> TOP = new HashMap<>();
    /** Attributes found in an object at one key of the instance: key, then the object's key. */
    private static final Map<String, Map<String, InstanceAttribute>> NESTED = new HashMap<>();
    private static final InstanceAttribute[] ALL = InstanceAttribute.values();
    private static final int COUNT = ALL.length;

    static {
        for (InstanceAttribute attribute : InstanceAttribute.values()) {
            List<String> path = attribute.jsonPath();
            if (path.size() == 1) {
                TOP.put(path.get(0), attribute);
            } else if (path.size() == 2) {
                NESTED.computeIfAbsent(path.get(0), k -> new HashMap<>()).put(path.get(1), attribute);
            } else {
                throw new ExceptionInInitializerError("unsupported JSON path " + path + " of " + attribute);
            }
        }
    }

    private InstanceJsonReader() {}

    /** One interface's addresses, replayed into the builder in the tree reader's order. */
    private static final class Nic {
        String privateIp;
        List<String[]> privateIps = List.of(); // {private, association's public}
        String publicIp;
        List<String> ipv6 = List.of();
    }

    /** The instance at the parser's current token (its first), or {@code null}; leaves the parser on its last token. */
    static Ec2Instance read(JsonParser parser, StringPool pool) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String[] attributes = new String[COUNT]; // by ordinal
        List<String[]> tags = List.of();
        List<Nic> nics = List.of();
        String privateIp = null;
        String publicIp = null;
        String ipv6 = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            InstanceAttribute attribute = TOP.get(field);
            Map<String, InstanceAttribute> nested = attribute == null ? NESTED.get(field) : null;
            if (attribute != null) {
                String text = scalar(parser);
                attributes[attribute.ordinal()] = text;
                switch (field) {
                    case "PrivateIpAddress" -> privateIp = text;
                    case "PublicIpAddress" -> publicIp = text;
                    case "Ipv6Address" -> ipv6 = text;
                    default -> { }
                }
            } else if (nested != null) {
                for (InstanceAttribute each : nested.values()) {
                    attributes[each.ordinal()] = null; // a later duplicate replaces the whole object
                }
                if (value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        InstanceAttribute inner = nested.get(parser.currentName());
                        parser.nextToken();
                        String text = scalar(parser);
                        if (inner != null) {
                            attributes[inner.ordinal()] = text;
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            } else if ("Tags".equals(field)) {
                tags = new ArrayList<>(4);
                for (JsonToken t = first(parser); t != null; t = next(parser)) {
                    String[] tag = readObject(parser, "Key", "Value");
                    if (tag != null) {
                        tags.add(tag);
                    }
                }
            } else if ("NetworkInterfaces".equals(field)) {
                nics = new ArrayList<>(1);
                for (JsonToken t = first(parser); t != null; t = next(parser)) {
                    nics.add(readNic(parser));
                }
            } else {
                parser.skipChildren();
            }
        }
        Ec2Instance.Builder builder = new Ec2Instance.Builder(pool);
        for (int i = 0; i < COUNT; i++) {
            String text = attributes[i];
            if (text != null && !text.isEmpty()) {
                builder.attribute(ALL[i], text);
            }
        }
        for (String[] tag : tags) {
            builder.tag(tag[0], tag[1]);
        }
        builder.privateIpv4(privateIp);
        builder.publicIpv4(publicIp);
        builder.ipv6(ipv6);
        for (Nic nic : nics) {
            builder.privateIpv4(nic.privateIp);
            for (String[] address : nic.privateIps) {
                builder.privateIpv4(address[0]);
                builder.publicIpv4(address[1]);
            }
            builder.publicIpv4(nic.publicIp);
            for (String address : nic.ipv6) {
                builder.ipv6(address);
            }
        }
        return builder.build();
    }

    private static Nic readNic(JsonParser parser) throws IOException {
        Nic nic = new Nic();
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return nic;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "PrivateIpAddress" -> nic.privateIp = scalar(parser);
                case "Association" -> nic.publicIp = readObject(parser, "PublicIp", null)[0];
                case "PrivateIpAddresses" -> {
                    nic.privateIps = new ArrayList<>(2);
                    for (JsonToken t = first(parser); t != null; t = next(parser)) {
                        nic.privateIps.add(readPrivateAddress(parser));
                    }
                }
                case "Ipv6Addresses" -> {
                    nic.ipv6 = new ArrayList<>(1);
                    for (JsonToken t = first(parser); t != null; t = next(parser)) {
                        nic.ipv6.add(readObject(parser, "Ipv6Address", null)[0]);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return nic;
    }

    /** {private address, its association's public address}. */
    private static String[] readPrivateAddress(JsonParser parser) throws IOException {
        String[] address = new String[2];
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return address;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "PrivateIpAddress" -> address[0] = scalar(parser);
                case "Association" -> address[1] = readObject(parser, "PublicIp", null)[0];
                default -> parser.skipChildren();
            }
        }
        return address;
    }

    /**
     * The scalar values at keys {@code a} and {@code b} (may be null) of the object at the current
     * token; nulls for anything else. A tag without both is {@code null} when {@code b} is asked.
     */
    private static String[] readObject(JsonParser parser, String a, String b) throws IOException {
        String[] values = new String[2];
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
        } else {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals(a)) {
                    values[0] = scalar(parser);
                } else if (field.equals(b)) {
                    values[1] = scalar(parser);
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (b != null && (values[0] == null || values[1] == null)) {
            return null;
        }
        return values;
    }

    /**
     * Iterating a tree node visits an array's elements or an object's values, and nothing of a
     * scalar: the first of them (the parser on its first token), or {@code null}.
     */
    private static JsonToken first(JsonParser parser) throws IOException {
        JsonToken container = parser.currentToken();
        if (container == JsonToken.START_ARRAY) {
            JsonToken token = parser.nextToken();
            return token == JsonToken.END_ARRAY ? null : token;
        }
        if (container == JsonToken.START_OBJECT) {
            if (parser.nextToken() != JsonToken.FIELD_NAME) {
                return null;
            }
            return parser.nextToken();
        }
        return null;
    }

    /** After an element (the parser on its last token): the next one, or {@code null} at the container's end. */
    private static JsonToken next(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT || token == null) {
            return null;
        }
        if (token == JsonToken.FIELD_NAME) {
            return parser.nextToken();
        }
        return token;
    }

    /** A value node's text as {@code JsonNode.asText} gives it, {@code null} for null or a container (skipped). */
    private static String scalar(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return null;
        }
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberValue().toString();
            case VALUE_NUMBER_FLOAT:
                return String.valueOf(parser.getDoubleValue());
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case START_OBJECT:
            case START_ARRAY:
                parser.skipChildren();
                return null;
            default:
                return null;
        }
    }
}
