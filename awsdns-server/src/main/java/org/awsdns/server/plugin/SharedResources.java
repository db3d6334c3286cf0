package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Resources shared between plugins by name, such as EC2 inventories. Immutable. */
public final class SharedResources {
    private final Map<String, Object> resources;

    public SharedResources(Map<String, Object> resources) {
        this.resources = java.util.Collections.unmodifiableMap(new TreeMap<>(resources));
    }

    public static SharedResources empty() {
        return new SharedResources(Map.of());
    }

    public <T> Optional<T> resource(String name, Class<T> type) {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        Object resource = resources.get(name);
        return type.isInstance(resource) ? Optional.of(type.cast(resource)) : Optional.empty();
    }

    /** The names of the resources of {@code type}, sorted. */
    public List<String> names(Class<?> type) {
        return resources.entrySet().stream()
                .filter(entry -> type.isInstance(entry.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }
}
