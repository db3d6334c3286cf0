package org.awsdns.server.plugin;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Chain;
import org.awsdns.core.Plugin;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.awsdns.server.metrics.MicrometerMetrics;

/**
 * A plugin that outlives a reload when its configuration did not change: the chains of both
 * generations hold it, and it closes (and its meters go) only when the last of them closes. So a
 * cache keeps its entries and forward its upstreams' health across a SIGHUP.
 */
public final class KeptPlugin implements Plugin {
    private final Plugin plugin;
    private final MicrometerMetrics scope;
    /** The shared resources the plugin looked up when it was made, by name: it is kept only while they are the same. */
    private final Map<String, Object> resources;
    private final java.util.function.Consumer<KeptPlugin> onLastClose;
    private final AtomicInteger users = new AtomicInteger(1);

    KeptPlugin(Plugin plugin, MicrometerMetrics scope, Map<String, Object> resources,
            java.util.function.Consumer<KeptPlugin> onLastClose) {
        this.plugin = plugin;
        this.scope = scope;
        this.resources = Map.copyOf(resources);
        this.onLastClose = onLastClose;
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        return plugin.handle(query, next);
    }

    @Override
    public boolean offersRecursion() {
        return plugin.offersRecursion();
    }

    /** The plugin itself. */
    public Plugin plugin() {
        return plugin;
    }

    Map<String, Object> resources() {
        return resources;
    }

    /** Takes one more user, unless the plugin is already closed. */
    boolean acquire() {
        for (int current = users.get(); current > 0; current = users.get()) {
            if (users.compareAndSet(current, current + 1)) {
                return true;
            }
        }
        return false;
    }

    /** One user fewer; the last one closes the plugin and releases its meters. */
    @Override
    public void close() {
        if (users.decrementAndGet() == 0) {
            onLastClose.accept(this);
            try {
                plugin.close();
            } finally {
                scope.release();
            }
        }
    }

    @Override
    public String toString() {
        return plugin.toString();
    }
}
