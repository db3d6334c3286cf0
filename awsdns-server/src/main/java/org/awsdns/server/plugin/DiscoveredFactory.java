package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import org.awsdns.core.PluginFactory;

/**
 * A plugin factory and where it was found.
 *
 * @param factory the factory
 * @param source the jar path, or {@code class path (<jar or folder>)}
 */
public record DiscoveredFactory(PluginFactory<?> factory, String source) {
    public DiscoveredFactory {
        requireNonNull(factory, "factory is null");
        requireNonNull(source, "source is null");
    }

    public String name() {
        return factory.name();
    }
}
