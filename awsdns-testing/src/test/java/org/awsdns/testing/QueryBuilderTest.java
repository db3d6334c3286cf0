package org.awsdns.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.awsdns.core.Query;
import org.awsdns.core.Transport;
import org.junit.jupiter.api.Test;
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
}
