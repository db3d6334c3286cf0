package org.awsdns.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * One unit for every time in the configuration: a key that holds a TTL or another DNS time in
 * whole seconds ({@code ttl}, any {@code *_ttl}, and the SOA's {@code refresh}, {@code retry},
 * {@code expire} and {@code minimum}) accepts a duration as well ({@code 1h} is 3600), just as a
 * duration key accepts a number of seconds. Other integer keys stay plain integers.
 */
final class TimeKeys {
    private static final Set<String> SOA_TIMES = Set.of("refresh", "retry", "expire", "minimum");

    private TimeKeys() {}

    /** Whether the key named {@code name} holds a time in seconds. */
    static boolean isSeconds(String name) {
        return name != null && (name.equals("ttl") || name.endsWith("_ttl") || SOA_TIMES.contains(name));
    }

    /** Whole seconds from a duration written for a seconds key; sub-second parts are refused. */
    static long seconds(String text) {
        Duration duration = ConfigValues.duration(text);
        if (duration.getNano() != 0) {
            throw new IllegalArgumentException("expected whole seconds, got '" + text + "'");
        }
        return duration.getSeconds();
    }

    static JsonDeserializer<Long> longs() {
        return new SecondsOrInteger<>(Long.class, value -> value);
    }

    static JsonDeserializer<Integer> integers() {
        return new SecondsOrInteger<>(Integer.class, value -> {
            if (value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " seconds, got " + value);
            }
            return (int) value;
        });
    }

    /** An integer deserializer that also reads a duration when the key holds seconds. */
    private static final class SecondsOrInteger<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final LongFunction<T> fromSeconds;
        private final JsonDeserializer<T> plain;

        @SuppressWarnings("unchecked")
        SecondsOrInteger(Class<T> type, LongFunction<T> fromSeconds) {
            this.type = type;
            this.fromSeconds = fromSeconds;
            this.plain = (JsonDeserializer<T>) NumberDeserializers.find(type, type.getName());
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING && isSeconds(parser.currentName())) {
                String text = parser.getText().trim();
                if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                    return plain.deserialize(parser, context);
                }
                try {
                    return fromSeconds.apply(seconds(text));
                } catch (IllegalArgumentException e) {
                    throw new BadValueException(parser, "expected seconds or a duration such as 30s, 5m or 1h, got '"
                            + parser.getText() + "'");
                }
            }
            return plain.deserialize(parser, context);
        }

        @Override
        public T getNullValue(DeserializationContext context) {
            return null;
        }

        @Override
        public Class<?> handledType() {
            return type;
        }
    }
}
