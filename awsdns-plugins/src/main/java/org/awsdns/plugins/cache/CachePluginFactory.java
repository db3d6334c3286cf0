package org.awsdns.plugins.cache;

import java.util.Set;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;

/** Makes {@code cache} plugins. */
public final class CachePluginFactory implements PluginFactory<CacheConfig> {

    @Override
    public String name() {
        return "cache";
    }

    /** It stores what the rest of the chain answers: placed after forward it never sees the upstream's answers. */
    @Override
    public Set<String> runsBefore() {
        return Set.of("forward");
    }

    @Override
    public String description() {
        return "Caches the responses of the rest of the chain, with prefetch and serve-stale";
    }

    @Override
    public Class<CacheConfig> configType() {
        return CacheConfig.class;
    }

    @Override
    public Plugin create(CacheConfig config, PluginContext context) {
        return new CachePlugin(config, context);
    }
}
