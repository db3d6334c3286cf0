package org.awsdns.server.cli;

import static java.util.Objects.requireNonNull;

import org.awsdns.server.config.LoadedConfig;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.server.plugin.SharedResources;
import org.awsdns.server.transport.Generation;

/**
 * One configuration with what was made from it beside the chains: what a {@link Generation}
 * owns, closed with it.
 *
 * @param config the configuration
 * @param resources its shared resources, some perhaps kept from the previous generation
 * @param scope the metrics registered for its chains and resources
 */
record ServedConfig(LoadedConfig config, SharedResources resources, MicrometerMetrics scope) implements Generation.Owned {
    ServedConfig {
        requireNonNull(config, "config is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(scope, "scope is null");
    }

    /** Closes the resources {@code successor} did not keep, and releases the metrics scope. */
    @Override
    public void close(Generation.Owned successor) {
        try {
            if (successor instanceof ServedConfig next) {
                resources.closeExcept(next.resources());
            } else {
                resources.close();
            }
        } finally {
            scope.release();
        }
    }
}
