package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.awsdns.core.PluginFactory;
import org.awsdns.core.ResourceFactory;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.transport.ServerBlock;

/**
 * What {@code awsdns check} runs after loading: the same {@link ResourceBuilder} and
 * {@link ChainBuilder} as {@code serve}, so every check a factory makes when it creates a resource
 * or a plugin (an unknown inventory, a missing hosts file, settings that cannot work together)
 * fails {@code check} with the message {@code serve} would give. The difference is only what runs
 * afterwards: the builders get an {@link InertExecutor} (no inventory load, no health probe, no
 * AWS call) and a throw-away meter registry, and everything created is closed at once. Loading
 * itself ({@code ConfigLoader}) already found the mistakes of the file, the bindings and the listen
 * addresses that conflict; nothing here binds a socket.
 */
public final class ConfigValidation {
    private final Map<String, PluginFactory<?>> factories;
    private final Map<String, ResourceFactory<?, ?>> resourceFactories;
    private final Clock clock;

    @Inject
    public ConfigValidation(Map<String, PluginFactory<?>> factories, Map<String, ResourceFactory<?, ?>> resourceFactories,
            Clock clock) {
        this.factories = Map.copyOf(requireNonNull(factories, "factories is null"));
        this.resourceFactories = Map.copyOf(requireNonNull(resourceFactories, "resourceFactories is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Creates and closes every resource and plugin of {@code config}.
     *
     * @throws ConfigException what {@code serve} would fail with, naming where it is configured
     */
    public void validate(LoadedConfig config) {
        InertExecutor executor = new InertExecutor();
        MicrometerMetrics metrics = new MicrometerMetrics(new SimpleMeterRegistry());
        SharedResources resources = new ResourceBuilder(resourceFactories, executor, clock, metrics).build(config);
        try {
            List<ServerBlock> blocks = new ChainBuilder(factories, executor, clock, metrics).build(config, resources);
            blocks.forEach(block -> block.pipeline().close());
        } finally {
            resources.close();
            executor.shutdownNow();
        }
    }
}
