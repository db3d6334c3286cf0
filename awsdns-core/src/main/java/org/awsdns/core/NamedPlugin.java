package org.awsdns.core;

import static java.util.Objects.requireNonNull;

/** A plugin together with the name it was configured under, one position of a chain. */
public record NamedPlugin(String name, Plugin plugin) {
    public NamedPlugin {
        requireNonNull(name, "name is null");
        requireNonNull(plugin, "plugin is null");
    }
}
