package org.awsdns.server.plugin;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.awsdns.core.Metrics;
import org.awsdns.core.PluginContext;
import org.xbill.DNS.Name;

/** A plugin's context that remembers which shared resources the plugin looked up, and what it got. */
final class RecordingContext implements PluginContext {
    private final PluginContext context;
    private final Map<String, Object> used = new HashMap<>();

    RecordingContext(PluginContext context) {
        this.context = context;
    }

    /** The resources looked up, by name; a name that found nothing maps to this context itself. */
    synchronized Map<String, Object> used() {
        Map<String, Object> copy = new HashMap<>();
        used.forEach((name, value) -> copy.put(name, value == this ? MISSING : value));
        return copy;
    }

    /** Stands for "no such resource", so that a resource appearing later is a change too. */
    static final Object MISSING = new Object();

    @Override
    public <T> Optional<T> resource(String name, Class<T> type) {
        Optional<T> found = context.resource(name, type);
        synchronized (this) {
            used.put(name, found.isPresent() ? found.get() : this);
        }
        return found;
    }

    @Override
    public String pluginName() {
        return context.pluginName();
    }

    @Override
    public List<Name> zones() {
        return context.zones();
    }

    @Override
    public ScheduledExecutorService executor() {
        return context.executor();
    }

    @Override
    public Clock clock() {
        return context.clock();
    }

    @Override
    public List<String> resourceNames(Class<?> type) {
        return context.resourceNames(type);
    }

    @Override
    public Path baseDirectory() {
        return context.baseDirectory();
    }

    @Override
    public Metrics metrics() {
        return context.metrics();
    }
}
