package org.awsdns.server.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Turns Jackson's binding exceptions into one line for the user: {@code FILE:LINE:COLUMN: PATH: what is wrong}. */
final class BindingErrors {
    private BindingErrors() {}

    /**
     * @param e what Jackson threw while binding {@code part}
     * @param prefix the path of {@code part} in the whole configuration
     * @param part the subtree being bound
     * @param locations where each path is
     */
    static ConfigException toConfigException(JsonMappingException e, String prefix, JsonNode part, Locations locations) {
        String path = prefix;
        String parentPath = prefix;
        JsonNode node = part;
        for (JsonMappingException.Reference reference : e.getPath()) {
            parentPath = path;
            if (reference.getFieldName() != null) {
                path = Locations.child(path, reference.getFieldName());
                node = node == null ? null : node.get(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path = Locations.element(path, reference.getIndex());
                node = node == null ? null : node.get(reference.getIndex());
            }
        }
        String location = locations.locate(path);
        boolean secret = SecretKeys.isSecretPath(path);
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds() == null ? List.of() : unknown.getKnownPropertyIds();
            TreeSet<String> knownKeys = known.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
            return unknownKey(location, parentPath, unknown.getPropertyName(), knownKeys, e);
        }
        if (e instanceof BadValueException) {
            return new ConfigException(location + ": " + where(path) + e.getOriginalMessage(), e);
        }
        if (e instanceof ValueInstantiationException) {
            return new ConfigException(location + ": " + where(path) + rootMessage(e), e);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new ConfigException(location + ": " + where(path) + "expected " + expected(mismatch.getTargetType())
                    + ", got " + (secret && node != null && node.isValueNode() ? "a value (not shown: a secret)" : TreeEditor.describe(node)), e);
        }
        if (secret) {
            // Jackson's own message may quote the value
            return new ConfigException(location + ": " + where(path) + "invalid value (not shown: a secret)", e);
        }
        return new ConfigException(location + ": " + where(path) + firstLine(e.getOriginalMessage()), e);
    }

    /** {@code LOCATION: PATH: unknown key 'KEY' (did you mean 'CLOSEST'?); known keys: [...]} */
    static ConfigException unknownKey(String location, String parentPath, String key, Collection<String> known,
            Throwable cause) {
        return new ConfigException(location + ": " + where(parentPath) + "unknown key '" + key + "'"
                + DidYouMean.hint(key, known) + "; known keys: " + known, cause);
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type) || type == char.class
                || type == Character.class) {
            return "a string";
        }
        if (type == Duration.class) {
            return "a duration such as 10s";
        }
        if (type == InetSocketAddress.class) {
            return "an address HOST:PORT";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return "a value of type " + type.getSimpleName();
    }

    static String expected(JavaType type) {
        return expected(type.getRawClass());
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause == e) {
            return firstLine(((JsonMappingException) e).getOriginalMessage());
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
