package org.awsdns.examples.whoami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.DnsAssertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.Queries;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Runs the plugin with awsdns-testing's ChainRunner: core's Pipeline, as the server runs it. */
class WhoamiPluginTest {
    private final TestPluginContext context = TestPluginContext.create("whoami");
    private final ChainRunner chain = chain(new WhoamiConfig(null, null));

    @AfterEach
    void close() {
        chain.close();
        context.close();
    }

    @Test
    void answersTxtWithClientPortTransportAndServerBlock() {
        assertThat(chain.run(Queries.builder("whoami.awsdns.", Type.TXT).client("10.1.2.3").tcp().serverBlock("servers[0]").build()))
                .isNoerror()
                .isAuthoritative()
                .wasAnsweredBy("whoami")
                .hasAnswer("whoami.awsdns. 0 IN TXT \"client=10.1.2.3\" \"port=53211\" \"transport=tcp\" \"server=awsdns/servers[0]\"")
                .hasAuthority()
                .hasAdditional();
    }

    @Test
    void answersNodataForOtherTypesOfItsName() {
        assertThat(chain.run("WHOAMI.awsdns.", Type.A)).isNodata().hasAuthority();
    }

    @Test
    void passesOtherNames() {
        assertThat(chain.run("someone.else.", Type.TXT)).isNxdomain().wasAnsweredBy(null);
    }

    @Test
    void usesConfiguredNameAndTtl() {
        try (ChainRunner custom = chain(new WhoamiConfig("me.test", 30L))) {
            assertThat(custom.run("me.test.", Type.TXT).answer()).singleElement().satisfies(record -> assertThat(record.getTTL()).isEqualTo(30));
        }
    }

    @Test
    void rejectsInvalidConfig() {
        assertThatThrownBy(() -> new WhoamiConfig("a..b", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whoami: invalid name");
        assertThatThrownBy(() -> new WhoamiConfig(null, -1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }

    @Test
    void escapesBackslashesAndQuotes() {
        assertThat(WhoamiPlugin.escape("a\\b\"c")).isEqualTo("a\\\\b\\\"c");
        TXTRecord record = new TXTRecord(Name.root, DClass.IN, 0, List.of(WhoamiPlugin.escape("a\\b\"c")));
        // the bytes on the wire are the text as given
        assertThat(record.getStringsAsByteArrays()).singleElement()
                .satisfies(bytes -> assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("a\\b\"c"));
    }

    private ChainRunner chain(WhoamiConfig config) {
        return ChainRunner.builder().add(new WhoamiFactory(), config, context).build();
    }
}
