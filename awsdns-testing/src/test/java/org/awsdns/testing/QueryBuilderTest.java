package org.awsdns.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.awsdns.core.Query;
import org.awsdns.core.Transport;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Type;

class QueryBuilderTest {
    @Test
    void keepsTheReceiptTimeItIsGiven() {
        long received = System.nanoTime() - 7_000_000;

        Query query = Queries.builder("web.demo.internal.", Type.AAAA).tcp().receivedNanos(received).build();

        assertThat(query.receivedNanos()).isEqualTo(received);
        assertThat(query.transport()).isEqualTo(Transport.TCP);
    }

    @Test
    void stampsTheReceiptTimeWhenBuiltByDefault() {
        long before = System.nanoTime();

        Query query = Queries.query("web.demo.internal.", Type.A);

        assertThat(query.receivedNanos()).isBetween(before, System.nanoTime());
    }

    @Test
    void carriesTheEdnsVersionAndFlagsAsked() {
        Message message = Queries.builder("web.demo.internal.", Type.A).edns(4096).ednsVersion(1).dnssecOk().message();

        OPTRecord opt = message.getOPT();
        assertThat(opt.getPayloadSize()).isEqualTo(4096);
        assertThat(opt.getVersion()).isEqualTo(1);
        assertThat(opt.getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
        assertThat(Queries.builder("web.demo.internal.", Type.A).ednsVersion(1).message().getOPT().getPayloadSize()).isEqualTo(1232);
    }
}
