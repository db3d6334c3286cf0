package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.config.PluginSpec;
import org.awsdns.server.config.ServerSpec;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.transport.ServerBlock;
import org.xbill.DNS.Name;

/** Creates the plugins of every server block, in order, and makes the blocks' pipelines. */
public final class ChainBuilder {
    private final Map<String, PluginFactory<?>> factories;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final MicrometerMetrics metrics;
    /** The plugins of the chains serving now, by what made them: a reload reuses those whose making did not change. */
    private final Map<PluginKey, KeptPlugin> live = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What makes a plugin: its block, its name and which occurrence of that name in the block's
     * chain, its bound configuration (records compare by value; a config type without equals is
     * never equal, so never reused), the block's zones and the base directory.
     */
    private record PluginKey(String server, String name, int occurrence, Object config, List<Name> zones, Path baseDirectory) {}

    @Inject
    public ChainBuilder(
            Map<String, PluginFactory<?>> factories,
            ScheduledExecutorService executor,
            Clock clock,
            MicrometerMetrics metrics) {
        this.factories = Map.copyOf(requireNonNull(factories, "factories is null"));
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /**
     * @throws ConfigException when a plugin fails to start, naming where it is configured; the
     *     plugins created before it are closed
     */
    public List<ServerBlock> build(LoadedConfig config, SharedResources resources) {
        return build(config, resources, metrics);
    }

    /**
     * As {@link #build(LoadedConfig, SharedResources)}, the plugins registering their meters
     * through {@code scope} (see {@link MicrometerMetrics#scope()}), which a reload releases
     * when it closes these chains.
     */
    public List<ServerBlock> build(LoadedConfig config, SharedResources resources, MicrometerMetrics scope) {
        List<ServerBlock> blocks = new ArrayList<>();
        try {
            for (ServerSpec server : config.servers()) {
                blocks.add(new ServerBlock(server.name(), server.listen(), server.zones(), server.clients(),
                        pipeline(server, config, resources, scope), server.secure()));
            }
        } catch (RuntimeException e) {
            blocks.forEach(block -> block.pipeline().close());
            throw e;
        }
        return List.copyOf(blocks);
    }

    private Pipeline pipeline(ServerSpec server, LoadedConfig config, SharedResources resources, MicrometerMetrics scope) {
        List<NamedPlugin> plugins = new ArrayList<>();
        Map<String, Integer> occurrences = new java.util.HashMap<>();
        try {
            for (PluginSpec spec : server.plugins()) {
                PluginFactory<?> factory = factories.get(spec.name());
                if (factory == null) {
                    throw new ConfigException(spec.location() + ": " + spec.path() + ": unknown plugin '" + spec.name()
                            + "'; known plugins: " + factories.keySet().stream().sorted().toList());
                }
                PluginKey key = new PluginKey(server.name(), spec.name(), occurrences.merge(spec.name(), 1, Integer::sum),
                        spec.config(), server.zones(), config.baseDirectory());
                KeptPlugin kept = live.get(key);
                if (kept != null && sameResources(kept, resources) && kept.acquire()) {
                    plugins.add(new NamedPlugin(spec.name(), kept));
                    continue;
                }
                // each plugin its own meter scope: released when the plugin closes, whichever generation that is
                MicrometerMetrics own = scope.scope().withLabels("server", server.name(), "plugin", spec.name());
                RecordingContext context = new RecordingContext(new ServerPluginContext(spec.name(), server.zones(),
                        executor, clock, resources, config.baseDirectory(), own));
                Plugin plugin = create(factory, spec, context);
                KeptPlugin made = new KeptPlugin(plugin, own, context.used(), closed -> live.remove(key, closed));
                live.put(key, made); // a previous one stays in the old chains until they close
                plugins.add(new NamedPlugin(spec.name(), made));
            }
        } catch (RuntimeException e) {
            Pipeline.of(plugins).close();
            throw e;
        }
        return Pipeline.of(plugins);
    }

    /** Whether the resources {@code kept} looked up are still the same instances. */
    private static boolean sameResources(KeptPlugin kept, SharedResources resources) {
        for (Map.Entry<String, Object> used : kept.resources().entrySet()) {
            Object now = resources.resource(used.getKey(), Object.class).orElse(RecordingContext.MISSING);
            if (now != used.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static <C> Plugin create(PluginFactory<C> factory, PluginSpec spec, PluginContext context) {
        Plugin plugin;
        try {
            plugin = factory.create(factory.configType().cast(spec.config()), context);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ConfigException(spec.location() + ": " + spec.path() + ": plugin '" + spec.name()
                    + "' failed to start: " + reason, e);
        }
        if (plugin == null) {
            throw new ConfigException(spec.location() + ": " + spec.path() + ": plugin '" + spec.name()
                    + "' failed to start: its factory returned no plugin");
        }
        return plugin;
    }
}
