package org.awsdns.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.junit.jupiter.api.Test;

/**
 * The per-client grouping of IPv6 addresses by prefix, which loopback sockets cannot show (only
 * ::1 is there); the rest of the table is tested over sockets in ConnectionLimitsTest.
 */
class ConnectionTableTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> evicted = new ArrayList<>();

    @Test
    void ipv6AddressesInOnePrefixAreOneClient() throws UnknownHostException {
        ConnectionTable table = table(new ConnectionLimits(100, 2, 80));

        assertThat(table.register(ip("2001:db8:0:1:1::1"), () -> evicted.add("a"))).isNotNull();
        assertThat(table.register(ip("2001:db8:0:1:1:ffff::2"), () -> evicted.add("b"))).isNotNull();
        // same /80, both idle: the oldest makes room
        assertThat(table.register(ip("2001:db8:0:1:1:abcd::3"), () -> evicted.add("c"))).isNotNull();
        // the next /80 of the same /64 subnet is another client
        assertThat(table.register(ip("2001:db8:0:1:2::1"), () -> evicted.add("d"))).isNotNull();

        assertThat(evicted).containsExactly("a");
        assertThat(table.open()).isEqualTo(3);
    }

    @Test
    void busyConnectionsOfAPrefixRefuseTheNext() throws UnknownHostException {
        ConnectionTable table = table(new ConnectionLimits(100, 1, 48));
        table.register(ip("2001:db8:1::1"), () -> evicted.add("a")).markActive();

        assertThat(table.register(ip("2001:db8:1:ffff::9"), () -> evicted.add("b"))).isNull();
        assertThat(table.register(ip("2001:db8:2::1"), () -> evicted.add("c"))).isNotNull();
        assertThat(evicted).isEmpty();
        assertThat(registry.get("awsdns_connections_closed").tag("reason", "per_client_limit").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aReleasedSlotIsCountedOnceAndFreesItsPlace() throws UnknownHostException {
        ConnectionTable table = table(new ConnectionLimits(1, 1, 128));
        ConnectionTable.Slot slot = table.register(ip("::1"), () -> evicted.add("a"));
        slot.markActive();

        slot.release(ConnectionEnd.ERROR);
        slot.release(ConnectionEnd.CLIENT_CLOSED);

        assertThat(table.open()).isZero();
        assertThat(table.register(ip("::1"), () -> evicted.add("b"))).isNotNull();
        assertThat(registry.get("awsdns_connections_closed").tag("reason", "error").counter().count()).isEqualTo(1);
        assertThat(registry.get("awsdns_connections_closed").tag("reason", "client_closed").counter().count()).isZero();
    }

    private ConnectionTable table(ConnectionLimits limits) {
        return new ConnectionTable(limits, new ConnectionMetrics(new MicrometerMetrics(registry), "tcp"));
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
