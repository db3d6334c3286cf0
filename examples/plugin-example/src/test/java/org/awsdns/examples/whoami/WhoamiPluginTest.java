package org.awsdns.examples.whoami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.core.Transport;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Runs the plugin through awsdns-core's {@link Pipeline}: the same chain runner the server uses. */
class WhoamiPluginTest {
    // create() does not use its context, so the tests can pass null
    private final Pipeline pipeline = Pipeline.of(List.of(
            new NamedPlugin("whoami", new WhoamiFactory().create(new WhoamiConfig(null, null), null))));

    @Test
    void answersTxtWithClientPortTransportAndServerBlock() throws Exception {
        Response response = run(query("whoami.awsdns.", Type.TXT)
                .client(new InetSocketAddress("10.1.2.3", 40001))
                .transport(Transport.TCP)
                .serverBlock("servers[0]"));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.authoritative()).isTrue();
        assertThat(response.answeredBy()).isEqualTo("whoami");
        assertThat(response.answer()).containsExactly(new TXTRecord(Name.fromString("whoami.awsdns."), DClass.IN, 0,
                List.of("client=10.1.2.3", "port=40001", "transport=tcp", "server=awsdns/servers[0]")));
    }

    @Test
    void answersNodataForOtherTypesOfItsName() throws Exception {
        Response response = run(query("WHOAMI.awsdns.", Type.A));

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).isEmpty();
    }

    @Test
    void passesOtherNames() throws Exception {
        Response response = run(query("someone.else.", Type.TXT));

        assertThat(response.rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.answeredBy()).isNull();
    }

    @Test
    void usesConfiguredNameAndTtl() throws Exception {
        Pipeline custom = Pipeline.of(List.of(new NamedPlugin("whoami",
                new WhoamiFactory().create(new WhoamiConfig("me.test", 30L), null))));
        Response response = custom.execute(query("me.test.", Type.TXT).build()).toCompletableFuture().join();

        assertThat(response.answer()).extracting(Record::getTTL).containsExactly(30L);
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

    private Response run(Query.Builder query) {
        return pipeline.execute(query.build()).toCompletableFuture().join();
    }

    private static Query.Builder query(String name, int type) throws Exception {
        return Query.builder(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }
}
