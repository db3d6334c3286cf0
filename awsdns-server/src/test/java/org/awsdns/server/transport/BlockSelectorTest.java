package org.awsdns.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.server.transport.TestPlugins.name;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.awsdns.core.Pipeline;
import org.junit.jupiter.api.Test;

class BlockSelectorTest {
    private static final InetSocketAddress LISTEN = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);

    @Test
    void prefersLongestZone() throws UnknownHostException {
        ServerBlock root = block("root", List.of("."), List.of());
        ServerBlock example = block("example", List.of("example.com."), List.of());
        BlockSelector selector = BlockSelector.of(List.of(root, example));

        assertThat(selector.select(address("10.0.0.1"), name("a.example.com."))).isSameAs(example);
        assertThat(selector.select(address("10.0.0.1"), name("EXAMPLE.com."))).isSameAs(example);
        assertThat(selector.select(address("10.0.0.1"), name("example.org."))).isSameAs(root);
    }

    @Test
    void prefersMoreSpecificClientNetworkOnEqualZones() throws UnknownHostException {
        ServerBlock wide = block("wide", List.of("example.com."), List.of("10.0.0.0/8"));
        ServerBlock narrow = block("narrow", List.of("example.com."), List.of("10.1.0.0/16"));
        ServerBlock anyone = block("anyone", List.of("example.com."), List.of());
        BlockSelector selector = BlockSelector.of(List.of(anyone, wide, narrow));

        assertThat(selector.select(address("10.1.2.3"), name("a.example.com."))).isSameAs(narrow);
        assertThat(selector.select(address("10.2.2.3"), name("a.example.com."))).isSameAs(wide);
        assertThat(selector.select(address("192.0.2.1"), name("a.example.com."))).isSameAs(anyone);
    }

    @Test
    void longerZoneBeatsMoreSpecificClientNetwork() throws UnknownHostException {
        ServerBlock internal = block("internal", List.of("example.com."), List.of("10.1.0.0/16"));
        ServerBlock sub = block("sub", List.of("sub.example.com."), List.of());
        BlockSelector selector = BlockSelector.of(List.of(internal, sub));

        assertThat(selector.select(address("10.1.2.3"), name("a.sub.example.com."))).isSameAs(sub);
    }

    @Test
    void skipsBlocksNotTakingTheClientAndFindsNothingOutsideZones() throws UnknownHostException {
        ServerBlock internal = block("internal", List.of("example.com."), List.of("10.0.0.0/8"));
        ServerBlock fallback = block("fallback", List.of("com."), List.of());
        BlockSelector selector = BlockSelector.of(List.of(internal, fallback));

        assertThat(selector.select(address("192.0.2.1"), name("a.example.com."))).isSameAs(fallback);
        assertThat(selector.select(address("192.0.2.1"), name("a.example.org."))).isNull();
        assertThat(selector.select(address("::1"), name("a.example.com."))).isSameAs(fallback);
    }

    @Test
    void firstConfiguredWinsFullTie() throws UnknownHostException {
        ServerBlock first = block("first", List.of("example.com."), List.of());
        ServerBlock second = block("second", List.of("example.com."), List.of());

        assertThat(BlockSelector.of(List.of(first, second)).select(address("10.0.0.1"), name("example.com.")))
                .isSameAs(first);
    }

    private static ServerBlock block(String name, List<String> zones, List<String> clients) {
        return new ServerBlock(name, List.of(LISTEN), zones.stream().map(TestPlugins::name).toList(),
                clients.stream().map(Cidr::parse).toList(), Pipeline.of(List.of()));
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
