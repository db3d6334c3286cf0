package org.awsdns.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which configuration keys hold secrets (AWS secret keys, session tokens, passwords), so that no
 * message, printed configuration or log line ever quotes their values: errors show {@code ****}.
 */
public final class SecretKeys {
    public static final String MASK = "****";
    /** A key in YAML text: a word followed by a colon, as in {@code {secret_access_key: X}}. */
    private static final Pattern YAML_KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)\\s*:");

    private SecretKeys() {}

    /** Whether the value of {@code key} is a secret. */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("token") || lower.contains("password")
                || lower.contains("access_key");
    }

    /** Whether the last key of {@code path} ({@code a.b[0].c}) is a secret one. */
    public static boolean isSecretPath(String path) {
        String last = path.trim();
        int cut = Math.max(last.lastIndexOf('.'), last.lastIndexOf('['));
        return isSecret(cut < 0 ? last : last.substring(cut + 1));
    }

    /** Whether YAML text (a {@code --set} value, a line) names a secret key anywhere in it. */
    public static boolean mentionsSecret(String text) {
        Matcher keys = YAML_KEY.matcher(text);
        while (keys.find()) {
            if (isSecret(keys.group(1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code PATH=VALUE} as it may be quoted: the value replaced by {@code ****} when the path ends
     * in a secret key or the value contains one.
     */
    public static String maskAssignment(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals < 0) {
            return mentionsSecret(assignment) || isSecretPath(assignment) ? MASK : assignment;
        }
        String path = assignment.substring(0, equals);
        String value = assignment.substring(equals + 1);
        return isSecretPath(path) || mentionsSecret(value) ? path + "=" + MASK : assignment;
    }
}
