package org.awsdns.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class QueryTest {
    private static final AttributeKey<String> NOTE = AttributeKey.of("note", String.class);

    @Test
    void copyKeepsEverythingButTheResponseAndOwnsItsMessage() throws Exception {
        Message request = Message.newQuery(Record.newRecord(Name.fromString("web.test."), Type.AAAA, DClass.IN));
        Query original = Query.builder(request)
                .client(new InetSocketAddress("127.0.0.5", 4000))
                .local(new InetSocketAddress("127.0.0.1", 53))
                .transport(Transport.TCP)
                .maxResponseSize(4096)
                .serverBlock("vpc-a")
                .receivedNanos(1234)
                .build();
        original.setAttribute(NOTE, "from an earlier plugin");
        original.response().addAnswer(new ARecord(Name.fromString("web.test."), DClass.IN, 60, java.net.InetAddress.getByName("10.0.0.1")));

        Query copy = original.copy();
        copy.setAttribute(NOTE, "changed in the copy");
        copy.request().getHeader().setID(7);

        assertThat(copy.question()).isEqualTo(original.question());
        assertThat(copy.client()).isEqualTo(original.client());
        assertThat(copy.local()).isEqualTo(original.local());
        assertThat(copy.transport()).isEqualTo(Transport.TCP);
        assertThat(copy.maxResponseSize()).isEqualTo(4096);
        assertThat(copy.serverBlock()).isEqualTo("vpc-a");
        assertThat(copy.receivedNanos()).isEqualTo(1234);
        assertThat(copy.response()).isNotSameAs(original.response());
        assertThat(copy.response().answer()).isEmpty();
        assertThat(original.attribute(NOTE)).isEqualTo("from an earlier plugin");
        assertThat(copy.attribute(NOTE)).isEqualTo("changed in the copy");
        assertThat(original.request().getHeader().getID()).isNotEqualTo(7);
    }
}
