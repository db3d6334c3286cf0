package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.awsdns.core.ResourceContext;
import org.awsdns.core.ResourceFactory;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.config.ResourceSpec;
import org.awsdns.server.metrics.MicrometerMetrics;

/** Creates the shared resources of a configuration (EC2 inventories and the like) before the chains. */
public final class ResourceBuilder {
    private final Map<String, ResourceFactory<?, ?>> factories;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final MicrometerMetrics metrics;

    @Inject
    public ResourceBuilder(
            Map<String, ResourceFactory<?, ?>> factories,
            ScheduledExecutorService executor,
            Clock clock,
            MicrometerMetrics metrics) {
        this.factories = Map.copyOf(requireNonNull(factories, "factories is null"));
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /**
     * @throws ConfigException when a resource cannot be created, naming where it is configured;
     *     those created before it are closed
     */
    public SharedResources build(LoadedConfig config) {
        return build(config, SharedResources.empty());
    }

    /**
     * As {@link #build(LoadedConfig)}, keeping from {@code previous} each resource whose
     * definition did not change (same section, name, bound settings and base directory): the same
     * instance serves on, with no new load. The caller closes the rest of {@code previous}
     * ({@link SharedResources#closeExcept}) once the new chains serve.
     *
     * @throws ConfigException as {@link #build(LoadedConfig)}; only the resources created here are closed
     */
    public SharedResources build(LoadedConfig config, SharedResources previous) {
        requireNonNull(previous, "previous is null");
        List<SharedResources.Entry> entries = new ArrayList<>();
        List<SharedResources.Entry> created = new ArrayList<>();
        try {
            for (ResourceSpec spec : config.resources()) {
                ResourceFactory<?, ?> factory = factories.get(spec.section());
                if (factory == null) {
                    throw new ConfigException(spec.location() + ": " + spec.path() + ": no factory for the section '"
                            + spec.section() + "'");
                }
                java.util.Optional<SharedResources.Entry> kept =
                        previous.sameDefinition(spec.section(), spec.name(), spec.config(), config.baseDirectory());
                if (kept.isPresent()) {
                    entries.add(kept.get());
                    continue;
                }
                MicrometerMetrics scope = metrics.scope().withLabels(resourceLabel(spec.section()), spec.name());
                ResourceContext context = new ServerResourceContext(executor, clock, config.baseDirectory(), scope);
                SharedResources.Entry entry = new SharedResources.Entry(spec.section(), spec.name(),
                        create(factory, spec, context), spec.config(), config.baseDirectory(), scope);
                created.add(entry);
                entries.add(entry);
            }
        } catch (RuntimeException e) {
            SharedResources.of(created).close();
            throw e;
        }
        return SharedResources.of(entries);
    }

    /** {@code inventories} → {@code inventory}: the label names one resource. */
    private static String resourceLabel(String section) {
        if (section.endsWith("ies")) {
            return section.substring(0, section.length() - 3) + "y";
        }
        return section.endsWith("s") ? section.substring(0, section.length() - 1) : section;
    }

    private static <C, R> R create(ResourceFactory<C, R> factory, ResourceSpec spec, ResourceContext context) {
        R resource;
        try {
            resource = factory.create(spec.name(), factory.configType().cast(spec.config()), context);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ConfigException(spec.location() + ": " + spec.path() + ": cannot start: " + reason, e);
        }
        if (resource == null) {
            throw new ConfigException(spec.location() + ": " + spec.path() + ": cannot start: its factory returned nothing");
        }
        return resource;
    }

    /** The host services given to one shared resource. */
    private record ServerResourceContext(
            ScheduledExecutorService executor, Clock clock, java.nio.file.Path baseDirectory, org.awsdns.core.Metrics metrics)
            implements ResourceContext {}
}
