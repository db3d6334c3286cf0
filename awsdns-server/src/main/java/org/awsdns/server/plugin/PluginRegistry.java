package org.awsdns.server.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awsdns.core.PluginFactory;
import org.awsdns.core.ResourceFactory;
import org.awsdns.server.config.ConfigException;

/**
 * The discovered plugin factories by name, and the shared-resource factories by config section;
 * one name, one factory.
 */
public final class PluginRegistry {
    private final Map<String, DiscoveredFactory> factories;
    private final Map<String, DiscoveredResourceFactory> resources;

    private PluginRegistry(Map<String, DiscoveredFactory> factories, Map<String, DiscoveredResourceFactory> resources) {
        this.factories = factories;
        this.resources = resources;
    }

    /** Plugins only, no shared resources. */
    public static PluginRegistry of(List<DiscoveredFactory> discovered) {
        return of(discovered, List.of());
    }

    /**
     * @throws ConfigException when two factories have one name (naming both sources) or a name is invalid
     */
    public static PluginRegistry of(List<DiscoveredFactory> discovered, List<DiscoveredResourceFactory> resources) {
        Map<String, DiscoveredFactory> byName = new TreeMap<>();
        for (DiscoveredFactory factory : discovered) {
            String name = factory.name();
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new ConfigException("plugin factory " + factory.factory().getClass().getName() + " from "
                        + factory.source() + " has an invalid name '" + name
                        + "': use lower case letters, digits and dashes");
            }
            DiscoveredFactory existing = byName.putIfAbsent(name, factory);
            if (existing != null) {
                throw new ConfigException("two plugins are named '" + name + "': "
                        + existing.factory().getClass().getName() + " from " + existing.source() + " and "
                        + factory.factory().getClass().getName() + " from " + factory.source());
            }
        }
        Map<String, DiscoveredResourceFactory> bySection = new TreeMap<>();
        for (DiscoveredResourceFactory factory : resources) {
            String section = factory.section();
            if (section == null || !section.matches("[a-z][a-z0-9_]*")) {
                throw new ConfigException("resource factory " + factory.factory().getClass().getName() + " from "
                        + factory.source() + " has an invalid section '" + section
                        + "': use lower case letters, digits and underscores");
            }
            DiscoveredResourceFactory existing = bySection.putIfAbsent(section, factory);
            if (existing != null) {
                throw new ConfigException("two resource factories own the section '" + section + "': "
                        + existing.factory().getClass().getName() + " from " + existing.source() + " and "
                        + factory.factory().getClass().getName() + " from " + factory.source());
            }
        }
        return new PluginRegistry(java.util.Collections.unmodifiableMap(byName),
                java.util.Collections.unmodifiableMap(bySection));
    }

    /** Resource factories by section, sorted. */
    public Map<String, DiscoveredResourceFactory> discoveredResources() {
        return resources;
    }

    /** The resource factories by section, sorted, as the Guice map binder gets them. */
    public Map<String, ResourceFactory<?, ?>> resourceFactories() {
        Map<String, ResourceFactory<?, ?>> map = new LinkedHashMap<>();
        resources.forEach((section, discovered) -> map.put(section, discovered.factory()));
        return java.util.Collections.unmodifiableMap(map);
    }

    /** By name, sorted. */
    public Map<String, DiscoveredFactory> discovered() {
        return factories;
    }

    /** The factories by name, sorted, as the Guice map binder gets them. */
    public Map<String, PluginFactory<?>> factories() {
        Map<String, PluginFactory<?>> map = new LinkedHashMap<>();
        factories.forEach((name, discovered) -> map.put(name, discovered.factory()));
        return java.util.Collections.unmodifiableMap(map);
    }
}
