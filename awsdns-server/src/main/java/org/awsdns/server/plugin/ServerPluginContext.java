package org.awsdns.server.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.awsdns.core.Metrics;
import org.awsdns.core.PluginContext;
import org.xbill.DNS.Name;

/** The host services given to one plugin instance. */
record ServerPluginContext(
        String pluginName,
        List<Name> zones,
        ScheduledExecutorService executor,
        Clock clock,
        SharedResources resources,
        Path baseDirectory,
        Metrics metrics) implements PluginContext {

    ServerPluginContext {
        requireNonNull(pluginName, "pluginName is null");
        zones = List.copyOf(zones);
        requireNonNull(executor, "executor is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(baseDirectory, "baseDirectory is null");
        requireNonNull(metrics, "metrics is null");
    }

    @Override
    public <T> Optional<T> resource(String name, Class<T> type) {
        return resources.resource(name, type);
    }

    @Override
    public List<String> resourceNames(Class<?> type) {
        return resources.names(type);
    }
}
