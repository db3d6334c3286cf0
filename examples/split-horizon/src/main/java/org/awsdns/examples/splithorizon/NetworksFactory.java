package org.awsdns.examples.splithorizon;

import org.awsdns.core.ResourceContext;
import org.awsdns.core.ResourceFactory;

/**
 * Owns the {@code networks:} section: each entry there is one {@link Networks}, shared by the
 * split-horizon plugins of every chain that name it. Registered through
 * {@code META-INF/services/org.awsdns.core.ResourceFactory}.
 */
public final class NetworksFactory implements ResourceFactory<NetworksConfig, Networks> {

    @Override
    public String section() {
        return "networks";
    }

    @Override
    public Class<NetworksConfig> configType() {
        return NetworksConfig.class;
    }

    @Override
    public Class<Networks> resourceType() {
        return Networks.class;
    }

    /** Returns at once: the file is read on the executor. */
    @Override
    public Networks create(String name, NetworksConfig config, ResourceContext context) {
        return new Networks(name, context.baseDirectory().resolve(config.file()), config, context.executor(), context.metrics());
    }
}
