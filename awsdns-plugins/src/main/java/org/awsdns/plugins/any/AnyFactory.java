package org.awsdns.plugins.any;

import java.util.Set;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;

/** Makes {@code any} plugins: the RFC 8482 minimal answer to ANY queries. */
public final class AnyFactory implements PluginFactory<AnyConfig> {

    @Override
    public String name() {
        return "any";
    }

    /** It gives ANY the short answer of RFC 8482: placed after forward, ANY queries reach the upstream (amplification). */
    @Override
    public Set<String> runsBefore() {
        return Set.of("forward");
    }

    @Override
    public String description() {
        return "answers ANY queries with the RFC 8482 minimal answer (one HINFO record)";
    }

    @Override
    public Class<AnyConfig> configType() {
        return AnyConfig.class;
    }

    @Override
    public Plugin create(AnyConfig config, PluginContext context) {
        return new AnyPlugin(config.ttl(), context.metrics());
    }
}
