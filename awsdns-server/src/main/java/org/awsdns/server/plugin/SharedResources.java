package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awsdns.core.Readiness;
import org.awsdns.server.metrics.MicrometerMetrics;
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

    /**
     * The resource defined exactly as {@code config} in {@code section.name} (same bound settings,
     * same base directory), which a reload keeps instead of creating it again.
     */
    Optional<Entry> sameDefinition(String section, String name, Object config, Path baseDirectory) {
        for (Entry entry : entries) {
            if (entry.section().equals(section) && entry.name().equals(name) && config.equals(entry.config())
                    && baseDirectory.equals(entry.baseDirectory())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The resources, e.g. to tell whether a reload kept one (the same instance). */
    public List<Object> all() {
        return entries.stream().map(Entry::resource).toList();
    }

    /** The paths ({@code inventories.prod}) of the resources, in configuration order. */
    public List<String> paths() {
        return entries.stream().map(entry -> entry.section() + "." + entry.name()).toList();
    }

    /** Closes every resource that is {@link AutoCloseable}, last first; failures are logged. */
    @Override
    public void close() {
        closeExcept(empty());
    }

    /**
     * Closes the resources that are not also in {@code kept} (by identity), last first: what a
     * reload does with the resources of the previous configuration once no query uses them.
     */
    public void closeExcept(SharedResources kept) {
        Set<Object> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(kept.all());
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (keep.contains(entry.resource())) {
                continue;
            }
            if (entry.resource() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("{}.{} failed to close", entry.section(), entry.name(), e);
                }
            }
            if (entry.metrics() != null) {
                entry.metrics().release();
            }
        }
    }

    /**
     * One resource and where it is configured.
     *
     * @param config its bound settings, null when not known (tests)
     * @param baseDirectory where its relative paths resolve from, null when not known
     * @param metrics the metrics scope it registered with, released when it closes; null for none
     */
    record Entry(String section, String name, Object resource, Object config, Path baseDirectory, MicrometerMetrics metrics) {
        Entry {
            requireNonNull(section, "section is null");
            requireNonNull(name, "name is null");
            requireNonNull(resource, "resource is null");
        }

        Entry(String section, String name, Object resource) {
            this(section, name, resource, null, null, null);
        }
    }
}
