package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awsdns.core.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared resources of a configuration (such as EC2 inventories), found by name and type.
 * Two sections may use one name: a plugin asking for an inventory gets the inventory.
 */
public final class SharedResources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedResources.class);

    private final List<Entry> entries;

    private SharedResources(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static SharedResources empty() {
        return new SharedResources(List.of());
    }

    /** Resources by name, all from one section (for tests and simple hosts). */
    public static SharedResources of(Map<String, ?> resources) {
        List<Entry> entries = new ArrayList<>();
        new LinkedHashMap<>(resources).forEach((name, resource) -> entries.add(new Entry("resources", name, resource)));
        return new SharedResources(entries);
    }

    static SharedResources of(List<Entry> entries) {
        return new SharedResources(entries);
    }

    public <T> Optional<T> resource(String name, Class<T> type) {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        for (Entry entry : entries) {
            if (entry.name().equals(name) && type.isInstance(entry.resource())) {
                return Optional.of(type.cast(entry.resource()));
            }
        }
        return Optional.empty();
    }

    /** The names of the resources of {@code type}, sorted. */
    public List<String> names(Class<?> type) {
        return entries.stream()
                .filter(entry -> type.isInstance(entry.resource()))
                .map(Entry::name)
                .sorted()
                .toList();
    }

    /** What is not ready yet, e.g. {@code inventories.prod: loading}; empty when all are. */
    public List<String> notReady() {
        List<String> waiting = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.resource() instanceof Readiness readiness && !readiness.isReady()) {
                waiting.add(entry.section() + "." + entry.name() + ": " + readiness.notReadyReason());
            }
        }
        return waiting;
    }

    /** Closes every resource that is {@link AutoCloseable}, last first; failures are logged. */
    @Override
    public void close() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (entry.resource() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("{}.{} failed to close", entry.section(), entry.name(), e);
                }
            }
        }
    }

    /** One resource and where it is configured. */
    record Entry(String section, String name, Object resource) {
        Entry {
            requireNonNull(section, "section is null");
            requireNonNull(name, "name is null");
            requireNonNull(resource, "resource is null");
        }
    }
}
