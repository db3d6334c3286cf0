package org.awsdns.plugins.ec2.inventory;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an inventory authenticates to AWS. In YAML either the string {@code default} (the SDK's
 * default chain: environment, profile, container and instance roles) or a mapping with one of:
 * <ul>
 *   <li>{@code {profile: NAME}}: a named profile of {@code ~/.aws/config} / {@code credentials};
 *   <li>{@code {access_key_id, secret_access_key, session_token?}}: static keys;
 *   <li>{@code {role_arn, external_id?, session_name?}}: an STS AssumeRole of that role, with the
 *       default chain's credentials (or {@code profile} when given too).
 * </ul>
 * The secret key and session token never appear in {@link #toString()} nor when serialised.
 */
@JsonDeserialize(using = CredentialsConfig.Deserializer.class)
public record CredentialsConfig(
        Kind kind,
        String profile,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String roleArn,
        String externalId,
        String sessionName) {

    private static final String REDACTED = "****";
    static final List<String> KEYS = List.of("profile", "access_key_id", "secret_access_key", "session_token",
            "role_arn", "external_id", "session_name");

    /** The kinds of credentials. */
    public enum Kind {
        DEFAULT,
        PROFILE,
        STATIC,
        ASSUME_ROLE
    }

    public static final CredentialsConfig DEFAULT = new CredentialsConfig(Kind.DEFAULT, null, null, null, null, null,
            null, null);

    public CredentialsConfig {
        if (kind == null) {
            throw new IllegalArgumentException("credentials kind is null");
        }
        switch (kind) {
            case DEFAULT -> {
                if (profile != null || accessKeyId != null || secretAccessKey != null || roleArn != null) {
                    throw new IllegalArgumentException("default credentials take no settings");
                }
            }
            case PROFILE -> require(profile, "profile");
            case STATIC -> {
                require(accessKeyId, "access_key_id");
                require(secretAccessKey, "secret_access_key");
                if (profile != null || roleArn != null || externalId != null || sessionName != null) {
                    throw new IllegalArgumentException(
                            "credentials: access_key_id/secret_access_key cannot be combined with profile or role_arn");
                }
            }
            case ASSUME_ROLE -> {
                require(roleArn, "role_arn");
                if (!roleArn.startsWith("arn:")) {
                    throw new IllegalArgumentException("credentials: role_arn must be an ARN (arn:aws:iam::ACCOUNT:role/NAME)");
                }
                if (accessKeyId != null || secretAccessKey != null || sessionToken != null) {
                    throw new IllegalArgumentException(
                            "credentials: role_arn cannot be combined with access_key_id/secret_access_key");
                }
            }
            default -> throw new IllegalStateException("unexpected kind " + kind);
        }
    }

    public static CredentialsConfig profile(String profile) {
        return new CredentialsConfig(Kind.PROFILE, profile, null, null, null, null, null, null);
    }

    public static CredentialsConfig keys(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new CredentialsConfig(Kind.STATIC, null, accessKeyId, secretAccessKey, sessionToken, null, null, null);
    }

    public static CredentialsConfig role(String roleArn, String externalId, String sessionName) {
        return new CredentialsConfig(Kind.ASSUME_ROLE, null, null, null, null, roleArn, externalId, sessionName);
    }

    /** Builds from the mapping form; the kind follows from the keys given. */
    public static CredentialsConfig fromMap(Map<String, String> values) {
        List<String> unknown = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown credentials keys " + unknown + "; known: " + KEYS);
        }
        String roleArn = values.get("role_arn");
        String accessKeyId = values.get("access_key_id");
        String secretAccessKey = values.get("secret_access_key");
        String profile = values.get("profile");
        Kind kind;
        if (roleArn != null) {
            kind = Kind.ASSUME_ROLE;
        } else if (accessKeyId != null || secretAccessKey != null || values.get("session_token") != null) {
            kind = Kind.STATIC;
        } else if (profile != null) {
            kind = Kind.PROFILE;
        } else {
            throw new IllegalArgumentException(
                    "credentials mapping needs profile, access_key_id + secret_access_key, or role_arn");
        }
        return new CredentialsConfig(kind, profile, accessKeyId, secretAccessKey, values.get("session_token"),
                roleArn, values.get("external_id"), values.get("session_name"));
    }

    /** What configuration printing shows: the settings with secrets replaced by {@code ****}. */
    @JsonValue
    public Object redacted() {
        if (kind == Kind.DEFAULT) {
            return "default";
        }
        Map<String, String> shown = new LinkedHashMap<>();
        putIfSet(shown, "profile", profile);
        putIfSet(shown, "access_key_id", accessKeyId);
        putIfSet(shown, "secret_access_key", secretAccessKey == null ? null : REDACTED);
        putIfSet(shown, "session_token", sessionToken == null ? null : REDACTED);
        putIfSet(shown, "role_arn", roleArn);
        putIfSet(shown, "external_id", externalId);
        putIfSet(shown, "session_name", sessionName);
        return shown;
    }

    @Override
    public String toString() {
        return String.valueOf(redacted());
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("credentials: " + key + " is required");
        }
    }

    /**
     * Binds the string or mapping form; messages never quote a value. A mistake is reported as
     * every other section reports it (an unknown key with the known ones, the key whose value has
     * the wrong type), with the key in the exception's path so the server names its line.
     */
    static final class Deserializer extends StdDeserializer<CredentialsConfig> {
        Deserializer() {
            super(CredentialsConfig.class);
        }

        @Override
        public CredentialsConfig deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (node == null || node.isNull()) {
                return DEFAULT;
            }
            if (node.isTextual()) {
                if ("default".equals(node.asText())) {
                    return DEFAULT;
                }
                // not quoted: a secret pasted in place of the mapping must not reach the message
                throw JsonMappingException.from(parser,
                        "credentials must be 'default' or a mapping with profile, access_key_id +"
                                + " secret_access_key, or role_arn");
            }
            if (!node.isObject()) {
                throw JsonMappingException.from(parser,
                        "credentials must be 'default' or a mapping with profile, access_key_id + secret_access_key,"
                                + " or role_arn");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!KEYS.contains(field.getKey())) {
                    throw UnrecognizedPropertyException.from(parser, CredentialsConfig.class, field.getKey(),
                            new ArrayList<>(KEYS));
                }
                if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    MismatchedInputException wrongType = MismatchedInputException.from(parser, String.class,
                            "credentials: " + field.getKey() + " must be a string");
                    wrongType.prependPath(CredentialsConfig.class, field.getKey());
                    throw wrongType;
                }
                values.put(field.getKey(), field.getValue().asText());
            }
            try {
                return fromMap(values);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(parser, e.getMessage());
            }
        }
    }
}
