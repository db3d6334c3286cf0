package org.awsdns.plugins.forward;

import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;

/** Makes {@code forward} plugins. */
public final class ForwardPluginFactory implements PluginFactory<ForwardConfig> {

    @Override
    public String name() {
        return "forward";
    }

    @Override
    public String description() {
        return "Answers from upstream DNS servers over UDP/TCP, with health checks and fallthrough";
    }

    @Override
    public Class<ForwardConfig> configType() {
        return ForwardConfig.class;
    }

    @Override
    public Plugin create(ForwardConfig config, PluginContext context) throws Exception {
        return new ForwardPlugin(config, context);
    }
}
