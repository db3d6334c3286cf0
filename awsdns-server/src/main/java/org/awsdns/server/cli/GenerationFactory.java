package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.ConfigLoader;
import org.awsdns.server.config.ConfigOverrides;
import org.awsdns.server.config.ConfigSource;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.plugin.ChainBuilder;
import org.awsdns.server.plugin.ResourceBuilder;
import org.awsdns.server.plugin.SharedResources;
import org.awsdns.server.transport.ServerBlock;

/**
 * Makes what a generation serves from a configuration, at start and at each reload alike: the
 * shared resources (those whose definition did not change are kept from the previous
 * generation), a metrics scope and the chains. {@link Built#discard} is the one way back when
 * anything after fails.
 */
final class GenerationFactory {
    private final ConfigLoader loader;
    private final ResourceBuilder resourceBuilder;
    private final ChainBuilder chainBuilder;
    private final MicrometerMetrics metrics;

    GenerationFactory(ConfigLoader loader, ResourceBuilder resourceBuilder, ChainBuilder chainBuilder,
            MicrometerMetrics metrics) {
        this.loader = requireNonNull(loader, "loader is null");
        this.resourceBuilder = requireNonNull(resourceBuilder, "resourceBuilder is null");
        this.chainBuilder = requireNonNull(chainBuilder, "chainBuilder is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** Reads and validates a configuration. @throws ConfigException when it is wrong */
    LoadedConfig load(ConfigSource source, ConfigOverrides overrides) {
        return loader.load(source, overrides);
    }

    /**
     * Builds the resources and chains of {@code config}; on failure nothing built stays open.
     *
     * @param previous the generation serving now, whose unchanged resources are kept; null at start
     * @throws ConfigException for a mistake the config check could not see (a plugin refusing its config)
     */
    Built build(LoadedConfig config, ServedConfig previous) {
        SharedResources resources = previous == null
                ? resourceBuilder.build(config)
                : resourceBuilder.build(config, previous.resources());
        MicrometerMetrics scope = metrics.scope();
        Built built = new Built(new ServedConfig(config, resources, scope), List.of());
        try {
            return new Built(built.served(), chainBuilder.build(config, resources, scope));
        } catch (RuntimeException e) {
            built.discard(previous);
            throw e;
        }
    }

    /** Made and not serving yet. */
    record Built(ServedConfig served, List<ServerBlock> blocks) {
        /** Closes what was built: the chains, the resources not kept from {@code previous} (null: all), the scope. */
        void discard(ServedConfig previous) {
            blocks.forEach(block -> block.pipeline().close());
            try {
                if (previous == null) {
                    served.resources().close();
                } else {
                    served.resources().closeExcept(previous.resources());
                }
            } finally {
                served.scope().release();
            }
        }
    }
}
