package org.awsdns.examples.whoami;

import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;

/**
 * The entry point the server finds through {@code META-INF/services/org.awsdns.core.PluginFactory}.
 * It needs a public no-argument constructor (the implicit one here).
 */
public final class WhoamiFactory implements PluginFactory<WhoamiConfig> {

    /** What users write in the {@code plugins:} list. */
    @Override
    public String name() {
        return "whoami";
    }

    @Override
    public String description() {
        return "answers TXT for a name with the client's address, port and transport (example plugin)";
    }

    @Override
    public Class<WhoamiConfig> configType() {
        return WhoamiConfig.class;
    }

    /**
     * Called once per chain position, at start: parse and prepare here, never on the query path.
     * This plugin needs no host services; a plugin with background work would take
     * {@code context.executor()}, and one with meters would register them on {@code context.metrics()}.
     */
    @Override
    public Plugin create(WhoamiConfig config, PluginContext context) {
        return new WhoamiPlugin(config.absoluteName(), config.ttl());
    }
}
