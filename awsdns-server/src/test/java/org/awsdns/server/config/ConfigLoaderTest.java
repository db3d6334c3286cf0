package org.awsdns.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awsdns.core.PluginFactory;
import org.awsdns.server.plugin.TestFailingFactory;
import org.awsdns.server.plugin.TestStaticFactory;
import org.awsdns.server.transport.ServerSettings;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ConfigLoaderTest {
    private static final Map<String, PluginFactory<?>> FACTORIES =
            Map.of("test-static", new TestStaticFactory(), "test-fail", new TestFailingFactory());

    private final ConfigLoader loader = new ConfigLoader(FACTORIES);

    private static final String GOOD = """
            transport:
              edns_udp_size: 4000
              query_timeout: 3s
            servers:
              - listen: ["127.0.0.1:5353", "[::1]:5353"]
                zones: [Demo.Internal, "."]
                clients: ["10.0.0.0/16"]
                plugins:
                  - test-fail
                  - test-static:
                      name: web
                      ttl: "60"
                      refresh: 500ms
            """;

    @Test
    void bindsEveryPartOfAGoodFile() throws Exception {
        LoadedConfig config = load(GOOD);

        assertThat(config.transport()).isEqualTo(
                new ServerSettings(4000, null, null, null, null, Duration.ofSeconds(3), null));
        assertThat(config.servers()).hasSize(1);
        ServerSpec server = config.servers().get(0);
        assertThat(server.name()).isEqualTo("servers[0]");
        assertThat(server.listen()).containsExactly(
                new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("::1", 5353));
        assertThat(server.zones()).containsExactly(Name.fromString("demo.internal."), Name.root);
        assertThat(server.clients()).extracting(Object::toString).containsExactly("10.0.0.0/16");
        assertThat(server.plugins()).extracting(PluginSpec::name, PluginSpec::config, PluginSpec::path, PluginSpec::location)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("test-fail", new TestFailingFactory.Config(false),
                                "servers[0].plugins[0]", "awsdns.yaml:9:9"),
                        org.assertj.core.groups.Tuple.tuple("test-static",
                                new TestStaticFactory.Config("web", null, 60, Duration.ofMillis(500)),
                                "servers[0].plugins[1]", "awsdns.yaml:10:9"));
    }

    @Test
    void defaultsZonesClientsAndTransport() {
        LoadedConfig config = load("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins: [test-static]
                """);

        assertThat(config.transport()).isEqualTo(ServerSettings.defaults());
        assertThat(config.servers().get(0).zones()).containsExactly(Name.root);
        assertThat(config.servers().get(0).clients()).isEmpty();
        assertThat(config.servers().get(0).plugins().get(0).config())
                .isEqualTo(new TestStaticFactory.Config(null, null, null, null));
    }

    @Test
    void pluginWithNullValueBindsDefaults() {
        LoadedConfig config = load("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static:
                """);

        assertThat(config.servers().get(0).plugins().get(0).config())
                .isEqualTo(new TestStaticFactory.Config(null, null, 300, null));
    }

    @Test
    void unknownPluginKeyListsKnownKeys() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static:
                          tll: 60
                """, "awsdns.yaml:5:11: servers[0].plugins[0].test-static: unknown key 'tll' (did you mean 'ttl'?); "
                + "known keys: [address, name, refresh, ttl]");
    }

    @Test
    void unknownTopLevelKeyListsKnownKeys() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins: [test-static]
                inventory: {}
                """, "awsdns.yaml:4:1: unknown key 'inventory'; known keys: [health, metrics, reload, servers, transport]");
    }

    @Test
    void unknownServerKeyListsKnownKeys() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    zone: [a.example.]
                    plugins: [test-static]
                """, "awsdns.yaml:3:5: servers[0]: unknown key 'zone' (did you mean 'zones'?); known keys: [clients, listen, plugins, tls, zones]");
    }

    @Test
    void unknownPluginListsKnownPlugins() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static
                      - test-statik
                """, "awsdns.yaml:5:9: servers[0].plugins[1]: unknown plugin 'test-statik'; "
                + "known plugins: [test-fail, test-static]");
    }

    @Test
    void wrongTypeNamesExpectedAndGot() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static:
                          ttl: abc
                """, "awsdns.yaml:5:11: servers[0].plugins[0].test-static.ttl: expected seconds or a duration such as 30s, 5m or 1h, got 'abc'");
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static:
                          name: [a, b]
                """, "awsdns.yaml:5:11: servers[0].plugins[0].test-static.name: expected a string, got a list");
        assertError("""
                transport:
                  udp_threads: 1.5
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins: [test-static]
                """, "awsdns.yaml:2:3: transport.udp_threads: expected an integer, got '1.5'");
        assertError("""
                servers:
                  - listen: "127.0.0.1:53"
                    plugins: [test-static]
                """, "awsdns.yaml:2:5: servers[0].listen: expected a list, got '127.0.0.1:53'");
    }

    @Test
    void everyTimeKeyTakesADurationOrSeconds() {
        LoadedConfig config = load("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static: {ttl: 1h, refresh: 30}
                      - test-static: {ttl: "2m30s", refresh: 1m}
                      - test-static: {ttl: 60, refresh: "45"}
                """);

        List<Object> bound = config.servers().get(0).plugins().stream().map(PluginSpec::config).toList();
        assertThat(bound).containsExactly(
                new TestStaticFactory.Config(null, null, 3600, Duration.ofSeconds(30)),
                new TestStaticFactory.Config(null, null, 150, Duration.ofMinutes(1)),
                new TestStaticFactory.Config(null, null, 60, Duration.ofSeconds(45)));
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static: {ttl: 1500ms}
                """, "awsdns.yaml:4:23: servers[0].plugins[0].test-static.ttl: "
                + "expected seconds or a duration such as 30s, 5m or 1h, got '1500ms'");
    }

    @Test
    void indentationMistakesGiveTheLineAndAPlainHint() {
        assertThatThrownBy(() -> load("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static
                   zones: ["test."]
                """))
                .isInstanceOf(ConfigException.class)
                .message().startsWith("awsdns.yaml:5:")
                .contains("indented differently from the lines around it").doesNotContain("<block end>");
        assertThatThrownBy(() -> load("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins: [test-static]
                      zones: ["test."]
                """))
                .isInstanceOf(ConfigException.class)
                .message().startsWith("awsdns.yaml:4:")
                .contains("indented differently from the lines around it").doesNotContain("<block end>");
    }

    @Test
    void badDurationIsExplained() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static: {refresh: 10 minutes}
                """, "awsdns.yaml:4:23: servers[0].plugins[0].test-static.refresh: bad duration '10 minutes': "
                + "expected a number with a unit (500ms, 10s, 5m, 1h, 1d) or ISO-8601 (PT10S)");
    }

    @Test
    void badCidrAndBadListenAddressNameTheElement() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    clients: ["10.0.0.0/16", "10.0.0.0/33"]
                    plugins: [test-static]
                """, "awsdns.yaml:3:30: servers[0].clients[1]: prefix length in '10.0.0.0/33' must be between 0 and 32");
        // InetAddress would read 10.1 as 10.0.0.1: the shorthand is refused, not silently misread
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    clients: ["10.1/16"]
                    plugins: [test-static]
                """, "awsdns.yaml:3:15: servers[0].clients[0]: not an IP network: '10.1/16'; write e.g. 10.0.0.0/16 or fd00::/8");
        assertError("""
                servers:
                  - listen:
                      - localhost:53
                    plugins: [test-static]
                """, "awsdns.yaml:3:9: servers[0].listen[0]: bad listen address 'localhost:53': "
                + "the host must be an IP address, e.g. 127.0.0.1:53 or 0.0.0.0:53");
        assertError("""
                servers:
                  - listen: ["::1:53"]
                    plugins: [test-static]
                """, "awsdns.yaml:2:14: servers[0].listen[0]: bad listen address '::1:53': "
                + "put an IPv6 address in brackets, e.g. [::1]:53");
    }

    @Test
    void valueRejectedByRecordConstructorShowsItsMessage() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static:
                          ttl: -1
                """, "awsdns.yaml:4:9: servers[0].plugins[0].test-static: ttl must not be negative, got -1");
        assertError("""
                transport:
                  edns_udp_size: 100
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins: [test-static]
                """, "awsdns.yaml:1:1: transport: edns_udp_size must be between 512 and 4096, got 100");
    }

    @Test
    void missingListenAndPluginsAreReported() {
        assertError("""
                servers:
                  - zones: [a.example.]
                    plugins: [test-static]
                """, "awsdns.yaml:2:5: servers[0]: 'listen' is required: at least one HOST:PORT "
                + "(or tls://HOST:PORT, https://HOST:PORT/PATH), e.g. listen: [\"127.0.0.1:53\"]");
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                """, "awsdns.yaml:2:5: servers[0]: 'plugins' is required: the chain of at least one plugin, "
                + "e.g. plugins: [log]");
    }

    @Test
    void noServersEmptyFileAndSyntaxErrorAreReported() {
        assertError("transport: {}\n",
                "awsdns.yaml:1:1: no server blocks: add at least one under 'servers', with 'listen' and 'plugins'");
        assertError("\n# nothing\n", "awsdns.yaml: the configuration is empty; it needs a 'servers' list");
        assertThatThrownBy(() -> load("servers:\n  - listen: [\"127.0.0.1:53\"\n    plugins: [x]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("awsdns.yaml:3:")
                .hasMessageContaining("YAML syntax error");
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins: [test-static]
                    plugins: [test-fail]
                """, "awsdns.yaml:4:5: servers[0].plugins: duplicate key 'plugins'");
    }

    @Test
    void pluginEntryWithTwoKeysIsExplained() {
        assertError("""
                servers:
                  - listen: ["127.0.0.1:53"]
                    plugins:
                      - test-static:
                        ttl: 60
                """, "awsdns.yaml:4:9: servers[0].plugins[0]: expected a plugin name or a mapping of one plugin name "
                + "to its config, got a mapping with keys [test-static, ttl] (indent the config under the name?)");
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> ConfigSource.file(Path.of("/nonexistent/awsdns.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/nonexistent/awsdns.yaml: configuration file not found");
    }

    private LoadedConfig load(String yaml) {
        return loader.load(new ConfigSource("awsdns.yaml", yaml, Path.of("/tmp")), ConfigOverrides.none());
    }

    private void assertError(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

}
