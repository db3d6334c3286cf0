package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import org.awsdns.core.ResourceFactory;

/**
 * A shared-resource factory and where it was found.
 *
 * @param factory the factory
 * @param source the jar path, or {@code class path (<jar or folder>)}
 */
public record DiscoveredResourceFactory(ResourceFactory<?, ?> factory, String source) {
    public DiscoveredResourceFactory {
        requireNonNull(factory, "factory is null");
        requireNonNull(source, "source is null");
    }

    public String section() {
        return factory.section();
    }
}
