package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

/**
 * One position of a chain, with its config bound and validated.
 *
 * @param name the plugin's name
 * @param config an instance of the factory's config type
 * @param path where in the configuration, e.g. {@code servers[0].plugins[1]}
 * @param location where in the file, e.g. {@code awsdns.yaml:8:9}, or the override that set it
 */
public record PluginSpec(String name, Object config, String path, String location) {
    public PluginSpec {
        requireNonNull(name, "name is null");
        requireNonNull(config, "config is null");
        requireNonNull(path, "path is null");
        requireNonNull(location, "location is null");
    }
}
