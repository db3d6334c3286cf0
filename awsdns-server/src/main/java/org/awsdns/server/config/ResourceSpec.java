package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

/**
 * One shared resource with its config bound and validated, e.g. the inventory {@code prod}.
 *
 * @param section the top-level section, e.g. {@code inventories}
 * @param name the resource's name, its key in the section
 * @param config an instance of the factory's config type
 * @param path where in the configuration, e.g. {@code inventories.prod}
 * @param location where in the file, e.g. {@code awsdns.yaml:3:3}, or the override that set it
 */
public record ResourceSpec(String section, String name, Object config, String path, String location) {
    public ResourceSpec {
        requireNonNull(section, "section is null");
        requireNonNull(name, "name is null");
        requireNonNull(config, "config is null");
        requireNonNull(path, "path is null");
        requireNonNull(location, "location is null");
    }
}
