package org.awsdns.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.junit.jupiter.api.Test;

/** Order declarations of third-party factories, checked when the configuration is loaded. */
class ChainOrderTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of(
            "first", factory("first", Set.of(), Set.of("second")),
            "second", factory("second", Set.of(), Set.of()),
            "late", factory("late", Set.of("first", "second", "absent"), Set.of()),
            "ouro", factory("ouro", Set.of("boros"), Set.of()),
            "boros", factory("boros", Set.of("ouro"), Set.of()),
            "plain", factory("plain", Set.of(), Set.of())));

    @Test
    void anOrderKeepingEveryDeclarationLoadsAndAbsentNamesAreIgnored() {
        LoadedConfig config = load("[plain, first, second, late]");

        assertThat(config.servers().get(0).plugins()).extracting(PluginSpec::name)
                .containsExactly("plain", "first", "second", "late");
        assertThat(load("[late, plain]").servers().get(0).plugins()).hasSize(2);
    }

    @Test
    void aBrokenDeclarationNamesTheDeclaringEntryAndTheLeastChangedOrderThatWorks() {
        assertThatThrownBy(() -> load("[late, plain, second, first]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("awsdns.yaml:3:15: servers[0].plugins[0]: late must come after second (servers[0].plugins[2]); "
                        + "an order that works: plain, first, second, late");
    }

    @Test
    void contradictingDeclarationsSaySoInsteadOfAnOrder() {
        assertThatThrownBy(() -> load("[plain, ouro, boros]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ouro must come after boros")
                .hasMessageEndingWith("the plugins' order declarations contradict each other, so no order of this chain works");
    }

    private LoadedConfig load(String plugins) {
        String yaml = "servers:\n  - listen: [\"127.0.0.1:53\"]\n    plugins: " + plugins + "\n";
        return loader.load(new ConfigSource("awsdns.yaml", yaml, Path.of("/tmp")), ConfigOverrides.none());
    }

    private static PluginFactory<Object> factory(String name, Set<String> after, Set<String> before) {
        return new PluginFactory<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> runsAfter() {
                return after;
            }

            @Override
            public Set<String> runsBefore() {
                return before;
            }

            @Override
            public Class<Object> configType() {
                return Object.class;
            }

            @Override
            public Plugin create(Object config, PluginContext context) {
                return (query, next) -> next.proceed(query);
            }
        };
    }
}
