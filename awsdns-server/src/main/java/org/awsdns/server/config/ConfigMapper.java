package org.awsdns.server.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Function;
import org.awsdns.server.transport.Cidr;
import org.awsdns.server.transport.IoMode;
import org.xbill.DNS.Name;

/**
 * The Jackson mappers of the configuration: strict (unknown keys, nulls for primitives, floats
 * for integers, numbers for booleans or enums all fail), snake_case keys, and deserializers for
 * durations ({@code 10s}), listen addresses, zone names and CIDRs, so plugin config records can
 * declare those types.
 */
public final class ConfigMapper {
    private ConfigMapper() {}

    /** The mapper that reads YAML and binds trees to config records. */
    public static ObjectMapper yaml() {
        ObjectMapper mapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .addModule(module())
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** A one-line JSON writer for showing bound configs ({@code awsdns check}), in the same key and value forms. */
    public static ObjectMapper printer() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(module())
                .build();
    }

    private static SimpleModule module() {
        SimpleModule module = new SimpleModule("awsdns-config");
        module.addDeserializer(Duration.class, new TextDeserializer<>(
                Duration.class, "a duration such as 500ms, 10s, 5m, 1h, 1d, PT10S or a number of seconds", ConfigValues::duration));
        module.addDeserializer(Long.class, TimeKeys.longs());
        module.addDeserializer(Integer.class, TimeKeys.integers());
        module.addDeserializer(InetSocketAddress.class, new TextDeserializer<>(
                InetSocketAddress.class, "an address HOST:PORT such as 127.0.0.1:53 or [::1]:53", ConfigValues::listenAddress));
        module.addDeserializer(ListenAddress.class, new TextDeserializer<>(ListenAddress.class,
                "an address HOST:PORT such as 127.0.0.1:53 or [::1]:53, tls://HOST:PORT or https://HOST:PORT/PATH",
                ListenAddress::parse));
        module.addSerializer(ListenAddress.class, ToStringSerializer.instance);
        module.addDeserializer(Name.class, new TextDeserializer<>(Name.class, "a domain name", ConfigValues::zone));
        module.addDeserializer(Cidr.class, new TextDeserializer<>(
                Cidr.class, "a network such as 10.0.0.0/16", Cidr::parse));
        module.addDeserializer(IoMode.class, new TextDeserializer<>(IoMode.class, "auto, epoll or nio", IoMode::parse));
        module.addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
            @Override
            public void serialize(Duration value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(ConfigValues.format(value));
            }
        });
        module.addSerializer(InetSocketAddress.class, new StdSerializer<>(InetSocketAddress.class) {
            @Override
            public void serialize(InetSocketAddress value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                generator.writeString(ConfigValues.format(value));
            }
        });
        module.addSerializer(Name.class, ToStringSerializer.instance);
        module.addSerializer(Cidr.class, ToStringSerializer.instance);
        module.addSerializer(IoMode.class, ToStringSerializer.instance);
        return module;
    }

    /** Reads a value from a YAML string with a parser that throws IllegalArgumentException. */
    private static final class TextDeserializer<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final String expected;
        private final Function<String, T> parser;

        TextDeserializer(Class<T> type, String expected, Function<String, T> parser) {
            this.type = type;
            this.expected = expected;
            this.parser = parser;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (type == Duration.class && parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return type.cast(Duration.ofSeconds(parser.getLongValue())); // seconds, as a TTL key takes
            }
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw new BadValueException(parser, "expected " + expected + ", got " + describe(parser));
            }
            try {
                return this.parser.apply(parser.getText());
            } catch (IllegalArgumentException e) {
                throw new BadValueException(parser, e.getMessage());
            }
        }

        @Override
        public Class<?> handledType() {
            return type;
        }

        private static String describe(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_ARRAY) {
                return "a list";
            }
            if (token == JsonToken.START_OBJECT) {
                return "a mapping";
            }
            return parser.getText();
        }
    }
}
