package org.awsdns.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.awsdns.core.PluginFactory;
import org.awsdns.server.plugin.TestFailingFactory;
import org.awsdns.server.plugin.TestStaticFactory;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class OverridesTest {
    private static final Map<String, PluginFactory<?>> FACTORIES =
            Map.of("test-static", new TestStaticFactory(), "test-fail", new TestFailingFactory());

    private static final String FILE = """
            servers:
              - listen: ["127.0.0.1:5353"]
                plugins:
                  - test-fail
                  - test-static:
                      name: web
              - listen: ["127.0.0.1:5354"]
                zones: [b.example.]
                plugins: [test-static]
            """;

    private final ConfigLoader loader = new ConfigLoader(FACTORIES);

    @Test
    void setOverridesScalarsListsAndCreatesMissingMappings() throws Exception {
        LoadedConfig config = load(List.of(),
                "transport.edns_udp_size=4096",
                "servers[0].zones=[a.example., c.example.]",
                "servers[0].plugins.test-static.ttl=60");

        assertThat(config.transport().ednsUdpSize()).isEqualTo(4096);
        assertThat(config.servers().get(0).zones())
                .containsExactly(Name.fromString("a.example."), Name.fromString("c.example."));
        assertThat(config.servers().get(0).plugins().get(1).config())
                .isEqualTo(new TestStaticFactory.Config("web", null, 60, null));
    }

    @Test
    void setOnAPluginGivenAsABareString() {
        LoadedConfig config = load(List.of(), "servers[1].plugins.test-static.address=10.0.0.1");

        assertThat(config.servers().get(1).plugins().get(0).config())
                .isEqualTo(new TestStaticFactory.Config(null, "10.0.0.1", null, null));
    }

    @Test
    void setByIndexOnABareStringPlugin() {
        LoadedConfig config = load(List.of(), "servers[1].plugins[0].test-static.ttl=5");

        assertThat(config.servers().get(1).plugins().get(0).config())
                .isEqualTo(new TestStaticFactory.Config(null, null, 5, null));
    }

    @Test
    void listenReplacesTheListenOfEveryBlock() {
        LoadedConfig config = load(List.of("127.0.0.2:0", "[::1]:0"));

        assertThat(config.servers()).allSatisfy(server -> assertThat(server.listen()).containsExactly(
                new InetSocketAddress("127.0.0.2", 0), new InetSocketAddress("::1", 0)));
    }

    @Test
    void errorInAValueFromSetNamesTheSet() {
        assertThatThrownBy(() -> load(List.of(), "servers[0].plugins.test-static.ttl=abc"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set servers[0].plugins.test-static.ttl=abc: servers[0].plugins[1].test-static.ttl: "
                        + "expected seconds or a duration such as 30s, 5m or 1h, got 'abc'");
        assertThatThrownBy(() -> load(List.of("localhost:53")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--listen localhost:53: servers[0].listen[0]: bad listen address 'localhost:53': "
                        + "the host must be an IP address, e.g. 127.0.0.1:53 or 0.0.0.0:53");
    }

    @Test
    void constructorErrorAfterSetPointsAtTheFileAndNamesTheSet() {
        assertThatThrownBy(() -> load(List.of(), "servers[0].plugins.test-static.ttl=-5"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("awsdns.yaml:5:9 (with --set servers[0].plugins.test-static.ttl=-5): "
                        + "servers[0].plugins[1].test-static: ttl must not be negative, got -5");
    }

    @Test
    void setWithAnUnknownPluginNameListsThePlugins() {
        assertThatThrownBy(() -> load(List.of(), "servers[0].plugins.hosts.ttl=60"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set servers[0].plugins.hosts.ttl=60: servers[0].plugins has no plugin 'hosts'; "
                        + "plugins there: [test-fail, test-static]");
    }

    @Test
    void setWithAPluginNamedTwiceAsksForAnIndex() {
        assertThatThrownBy(() -> load(List.of(), "servers[0].plugins[2]=test-static", "servers[0].plugins.test-static.ttl=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set servers[0].plugins.test-static.ttl=1: servers[0].plugins has plugin 'test-static' "
                        + "at [1, 2]; name one with an index, e.g. servers[0].plugins[1].test-static...");
    }

    @Test
    void malformedSetIsReported() {
        assertThatThrownBy(() -> load(List.of(), "transport.edns_udp_size"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set transport.edns_udp_size: expected PATH=VALUE, e.g. --set transport.edns_udp_size=4096");
        assertThatThrownBy(() -> load(List.of(), "servers[x].listen=[]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--set servers[x].listen=[]: bad path;");
        assertThatThrownBy(() -> load(List.of(), "servers[7].listen=[]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set servers[7].listen=[]: index 7 is out of range: servers has 2 elements");
        assertThatThrownBy(() -> load(List.of(), "servers[0].listen.port=53"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set servers[0].listen.port=53: servers[0].listen is a list, not a mapping");
    }

    private LoadedConfig load(List<String> listen, String... sets) {
        return loader.load(new ConfigSource("awsdns.yaml", FILE, Path.of("/tmp")), new ConfigOverrides(listen, List.of(sets)));
    }
}
