package org.awsdns.server.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.ConfigLoader;
import org.awsdns.server.config.ConfigOverrides;
import org.awsdns.server.config.ConfigSource;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.transport.ServerBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ChainBuilderTest {
    private static final Map<String, PluginFactory<?>> FACTORIES =
            Map.of("test-static", new TestStaticFactory(), "test-fail", new TestFailingFactory());

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final ChainBuilder builder = new ChainBuilder(
            FACTORIES, executor, clock, new MicrometerMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void buildsBlocksWithPipelinesInOrderAndContexts() throws Exception {
        TestStaticFactory.CONTEXTS.clear();
        List<ServerBlock> blocks = builder.build(load("""
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: [a.example.]
                    plugins: [test-fail, test-static]
                  - listen: ["127.0.0.1:0"]
                    plugins: [test-static]
                """), SharedResources.of(java.util.Map.of("vpc", "the vpc's inventory")));

        assertThat(blocks).extracting(ServerBlock::name).containsExactly("servers[0]", "servers[1]");
        assertThat(blocks.get(0).pipeline().names()).containsExactly("test-fail", "test-static");
        assertThat(blocks.get(0).zones()).containsExactly(Name.fromString("a.example."));
        PluginContext context = TestStaticFactory.CONTEXTS.get(0);
        assertThat(context.pluginName()).isEqualTo("test-static");
        assertThat(context.zones()).containsExactly(Name.fromString("a.example."));
        assertThat(context.clock()).isSameAs(clock);
        assertThat(context.executor()).isSameAs(executor);
        assertThat(context.baseDirectory()).isEqualTo(Path.of("/srv/awsdns"));
        assertThat(context.resourceNames(String.class)).containsExactly("vpc");
        assertThat(context.resource("vpc", String.class)).contains("the vpc's inventory");
        assertThat(context.resource("vpc", Integer.class)).isEmpty();
        assertThat(context.resource("prod", String.class)).isEmpty();
    }

    @Test
    void failingPluginNamesItsEntryAndClosesThePluginsMadeBefore() {
        int closedBefore = TestFailingFactory.CLOSED.get();

        assertThatThrownBy(() -> builder.build(load("""
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins: [test-fail]
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - test-fail
                      - test-fail: {fail: true}
                """), SharedResources.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("awsdns.yaml:7:9: servers[1].plugins[1]: plugin 'test-fail' failed to start: "
                        + "cannot reach the test backend");
        assertThat(TestFailingFactory.CLOSED.get() - closedBefore).isEqualTo(2);
    }

    private static LoadedConfig load(String yaml) {
        return new ConfigLoader(FACTORIES)
                .load(new ConfigSource("awsdns.yaml", yaml, Path.of("/srv/awsdns")), ConfigOverrides.none());
    }
}
