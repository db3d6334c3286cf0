package org.awsdns.plugins.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Binding with the settings the server's config mapper uses (strict, snake_case); YAML is JSON's superset. */
class AclConfigTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    @Test
    void bindsTheRulesInOrderFromAList() throws Exception {
        AclConfig config = bind("""
                [{"allow": {"net": ["10.0.0.0/16", " fd00::/8 "]}},
                 {"block": {"type": ["any", "AXFR"]}},
                 {"drop": {"net": ["0.0.0.0/0"], "type": ["A"]}},
                 {"drop": null},
                 {"block": {}}]
                """);

        assertThat(config.rules()).containsExactly(
                new AclRule(AclAction.ALLOW, new AclMatch(List.of("10.0.0.0/16", "fd00::/8"), null)),
                new AclRule(AclAction.BLOCK, new AclMatch(null, List.of("ANY", "AXFR"))),
                new AclRule(AclAction.DROP, new AclMatch(List.of("0.0.0.0/0"), List.of("A"))),
                new AclRule(AclAction.DROP, AclMatch.EVERYTHING),
                new AclRule(AclAction.BLOCK, AclMatch.EVERYTHING));
        assertThat(config.rules().get(1).match().types()).containsExactly(Type.ANY, Type.AXFR);
    }

    @Test
    void printsBackInTheShapeItWasWritten() throws Exception {
        AclConfig config = bind("[{\"allow\": {\"net\": [\"10.0.0.0/16\"]}}, {\"block\": {\"type\": [\"ANY\"]}}]");

        assertThat(MAPPER.writeValueAsString(config))
                .isEqualTo("[{\"allow\":{\"net\":[\"10.0.0.0/16\"],\"type\":null}},{\"block\":{\"net\":null,\"type\":[\"ANY\"]}}]");
        assertThat(bind(MAPPER.writeValueAsString(config))).isEqualTo(config);
    }

    @Test
    void namesTheKnownActionsOfAnUnknownOne() {
        assertThatThrownBy(() -> bind("[{\"deny\": {\"net\": [\"10.0.0.0/8\"]}}]"))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("acl: unknown action [deny], known actions [allow, block, drop]");
        assertThatThrownBy(() -> bind("[{\"allow\": {}, \"block\": {}}]"))
                .hasMessageContaining("a mapping of one action [allow, block, drop] to its match")
                .hasMessageContaining("keys [allow, block]");
    }

    @Test
    void refusesUnknownKeysInAMatch() {
        assertThatThrownBy(() -> bind("[{\"allow\": {\"nets\": [\"10.0.0.0/8\"]}}]"))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("\"nets\"");
    }

    @Test
    void refusesAnEmptyOrMissingRuleList() {
        assertThatThrownBy(() -> bind("[]")).hasMessageContaining("acl: give a list of rules");
        assertThatThrownBy(() -> bind("{}")).isNotNull();
        assertThatThrownBy(() -> new AclConfig(null)).hasMessageContaining("acl: give a list of rules");
    }

    @Test
    void refusesNetworksThatAreNotLiteralOrHaveHostBits() {
        assertThatThrownBy(() -> match(List.of("vpc.example.com/16"), null)).hasMessageContaining("is not a network");
        assertThatThrownBy(() -> match(List.of("10.0.0.256/24"), null)).hasMessageContaining("is not a network");
        assertThatThrownBy(() -> match(List.of("010.0.0.0/8"), null)).hasMessageContaining("is not a network");
        assertThatThrownBy(() -> match(List.of("fe80::1%eth0"), null)).hasMessageContaining("is not a network");
        assertThatThrownBy(() -> match(List.of("10.0.0.0/33"), null)).hasMessageContaining("between 0 and 32");
        assertThatThrownBy(() -> match(List.of("fd00::/129"), null)).hasMessageContaining("between 0 and 128");
        assertThatThrownBy(() -> match(List.of("10.0.0.0/x"), null)).hasMessageContaining("bad prefix length");
        assertThatThrownBy(() -> match(List.of("10.0.1.0/16"), null))
                .hasMessageContaining("has bits set after the prefix; did you mean 10.0.0.0/16?");
        assertThatThrownBy(() -> match(List.of("::ffff:10.0.0.0/64"), null)).hasMessageContaining("between 96 and 128");
        assertThatThrownBy(() -> match(List.of(), null)).hasMessageContaining("net must not be empty");
    }

    @Test
    void refusesUnknownTypes() {
        assertThatThrownBy(() -> match(null, List.of("ALL"))).hasMessageContaining("unknown query type [ALL]");
        assertThatThrownBy(() -> match(null, List.of())).hasMessageContaining("type must not be empty");
        assertThat(match(null, List.of("type65280", "ixfr")).types()).containsExactly(65280, Type.IXFR);
    }

    @Test
    void parsesNetworksOfBothFamiliesOnce() {
        assertThat(match(List.of("10.0.0.0/16", "10.0.0.7", "fd00::/8", "::/0", "::ffff:192.168.0.0/112"), null)
                .networks()).extracting(Network::toString)
                .containsExactly("10.0.0.0/16", "10.0.0.7/32", "fd00:0:0:0:0:0:0:0/8", "0:0:0:0:0:0:0:0/0", "192.168.0.0/16");
    }

    private static AclMatch match(List<String> net, List<String> type) {
        return new AclMatch(net, type);
    }

    private static AclConfig bind(String json) throws Exception {
        return MAPPER.readValue(json, AclConfig.class);
    }
}
