package org.awsdns.server.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the 2014 ancestor's {@code awsdns.ini} and writes the equivalent chain as YAML: the
 * upstream ({@code dns_server}) first, and EC2 for the names it does not know, as the ancestor
 * did, with a cache in front.
 *
 * <pre>
 * [awsdns]
 * dns_server = 10.0.0.2
 * aws_access_key_id = ...
 * aws_secret_access_key = ...
 * aws_region = us-east-1
 * forward = tag:Name
 * reverse = private_ip_address
 * extra =
 *     tag:Class
 *     id
 *     key_name
 * </pre>
 *
 * The file format is Python's ConfigParser: {@code key = value} or {@code key: value}, values
 * continued on indented lines, {@code #} and {@code ;} comments.
 */
public final class AncestorIni {
    static final String SECTION = "awsdns";
    static final String INVENTORY = "ec2";
    private static final Set<String> KNOWN_KEYS = Set.of("dns_server", "aws_access_key_id", "aws_secret_access_key",
            "aws_region", "forward", "reverse", "extra", "loglevel", "autorefresh", "ttl");

    private AncestorIni() {}

    /** Whether {@code fileName} names an INI file of the ancestor. */
    public static boolean isIni(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".ini");
    }

    /**
     * The configuration as YAML.
     *
     * @param includeSecrets whether to write the secret access key, or leave credentials to the
     *     SDK's default chain (environment, profile, instance role) with a comment saying so
     * @throws ConfigException naming the file and line of a mistake
     */
    public static String toYaml(String iniText, String fileName, boolean includeSecrets) {
        Map<String, Value> values = parse(iniText, fileName);
        StringBuilder header = new StringBuilder("# converted from " + fileName + " (the ancestor's format) by awsdns\n");
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode inventory = root.putObject("inventories").putObject(INVENTORY);
        inventory.put("region", text(values, "aws_region", "us-east-1"));
        Value keyId = values.get("aws_access_key_id");
        Value secret = values.get("aws_secret_access_key");
        if ((keyId == null) != (secret == null)) {
            Value given = keyId != null ? keyId : secret;
            throw new ConfigException(fileName + ":" + given.line() + ": aws_access_key_id and aws_secret_access_key go together");
        }
        if (keyId != null && includeSecrets) {
            ObjectNode credentials = inventory.putObject("credentials");
            credentials.put("access_key_id", keyId.text());
            credentials.put("secret_access_key", secret.text());
        } else {
            inventory.put("credentials", "default");
            if (keyId != null) {
                header.append("# aws_access_key_id and aws_secret_access_key were left out: give them to the SDK's default chain\n")
                        .append("# (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, or better an instance role),\n")
                        .append("# or run `awsdns convert --include-secrets` to write them here.\n");
            }
        }
        header.append("# Like the ancestor this listens on every address and answers any client: add an acl\n")
                .append("# plugin that allows only your VPC's subnets before using it.\n");

        int ttl = integer(values, "ttl", 60, fileName);
        ObjectNode server = root.putArray("servers").addObject();
        server.putArray("listen").add("0.0.0.0:53");
        server.putArray("zones").add(".");
        ArrayNode plugins = server.putArray("plugins");
        plugins.addObject().putObject("cache");
        Value upstream = values.get("dns_server");
        if (upstream != null) {
            ObjectNode forward = plugins.addObject().putObject("forward");
            ArrayNode to = forward.putArray("to");
            for (String address : upstream.text().split("[\\s,]+")) {
                to.add(address);
            }
            forward.putArray("fallthrough").add("NXDOMAIN");
        }
        ObjectNode ec2Forward = plugins.addObject().putObject("ec2-forward");
        ec2Forward.put("inventory", INVENTORY);
        ec2Forward.put("key", text(values, "forward", "tag:Name"));
        ec2Forward.put("zone", ".");
        ec2Forward.put("ttl", ttl);
        ObjectNode ec2Reverse = plugins.addObject().putObject("ec2-reverse");
        ec2Reverse.put("inventory", INVENTORY);
        ec2Reverse.put("key", text(values, "reverse", "private_ip_address"));
        ec2Reverse.put("name", text(values, "forward", "tag:Name"));
        ec2Reverse.put("zone", ".");
        ec2Reverse.put("ttl", ttl);
        Value extra = values.get("extra");
        if (extra != null && !extra.text().isBlank()) {
            ObjectNode txt = plugins.addObject().putObject("txt-extra");
            txt.put("inventory", INVENTORY);
            ArrayNode attributes = txt.putArray("extra");
            for (String attribute : extra.text().trim().split("\\s+")) {
                // the ancestor's README wrote key_pair for boto's key_name
                attributes.add(attribute.equals("key_pair") ? "key_name" : attribute);
            }
            txt.put("ttl", ttl);
        }
        return header + write(root);
    }

    private static String write(ObjectNode root) {
        YAMLMapper yaml = new YAMLMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
        try {
            return yaml.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Map<String, Value> values, String key, String fallback) {
        Value value = values.get(key);
        return value == null || value.text().isBlank() ? fallback : value.text().trim();
    }

    private static int integer(Map<String, Value> values, String key, int fallback, String fileName) {
        Value value = values.get(key);
        if (value == null || value.text().isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.text().trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(fileName + ":" + value.line() + ": " + key + ": expected a number of seconds, got '"
                    + value.text().trim() + "'");
        }
    }

    /** The keys of the {@code [awsdns]} section with their values and lines. */
    static Map<String, Value> parse(String text, String fileName) {
        Map<String, Value> values = new LinkedHashMap<>();
        String section = null;
        String key = null;
        List<String> lines = text.lines().toList();
        boolean sawSection = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            int number = i + 1;
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && key != null) {
                Value previous = values.get(key);
                values.put(key, new Value(previous.text() + "\n" + trimmed, previous.line()));
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                section = trimmed.substring(1, trimmed.length() - 1).strip();
                key = null;
                if (!section.equals(SECTION)) {
                    throw new ConfigException(fileName + ":" + number + ": unknown section [" + section + "]; known sections: [" + SECTION + "]");
                }
                sawSection = true;
                continue;
            }
            if (section == null) {
                throw new ConfigException(fileName + ":" + number + ": expected the [" + SECTION + "] section header first");
            }
            int separator = separatorOf(trimmed);
            if (separator <= 0) {
                String firstWord = trimmed.split("[\\s:]", 2)[0];
                String got = SecretKeys.isSecret(firstWord) || SecretKeys.mentionsSecret(trimmed)
                        ? "a line about " + firstWord + " (not shown: a secret)"
                        : "'" + trimmed + "'";
                throw new ConfigException(fileName + ":" + number + ": expected 'key = value', got " + got);
            }
            key = trimmed.substring(0, separator).strip().toLowerCase(Locale.ROOT);
            if (!KNOWN_KEYS.contains(key)) {
                throw new ConfigException(fileName + ":" + number + ": unknown key '" + key + "'; known keys: "
                        + new java.util.TreeSet<>(KNOWN_KEYS));
            }
            values.put(key, new Value(trimmed.substring(separator + 1).strip(), number));
        }
        if (!sawSection) {
            throw new ConfigException(fileName + ": no [" + SECTION + "] section");
        }
        return values;
    }

    private static int separatorOf(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0) {
            return colon;
        }
        return colon < 0 ? equals : Math.min(equals, colon);
    }

    /** A value and the line its key is on. */
    record Value(String text, int line) {
        @Override
        public String toString() {
            return "line " + line; // never the text: it may be a secret
        }
    }

    static List<String> knownKeys() {
        return new ArrayList<>(new java.util.TreeSet<>(KNOWN_KEYS));
    }
}
