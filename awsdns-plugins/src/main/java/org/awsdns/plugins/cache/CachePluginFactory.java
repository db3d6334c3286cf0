package org.awsdns.plugins.cache;

import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;

/** Makes {@code cache} plugins. */
public final class CachePluginFactory implements PluginFactory<CacheConfig> {

    @Override
    public String name() {
        return "cache";
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
