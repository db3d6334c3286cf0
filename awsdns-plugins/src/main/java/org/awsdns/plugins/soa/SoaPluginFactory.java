package org.awsdns.plugins.soa;

import java.time.InstantSource;
import java.util.function.LongSupplier;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.xbill.DNS.Name;

/**
 * Makes {@code soa} plugins. The serial comes from {@code serial}, else from the shared resource
 * named by {@code inventory} (which must offer its last change time as a {@link InstantSource}),
 * else from the start time.
 */
public final class SoaPluginFactory implements PluginFactory<SoaConfig> {

    @Override
    public String name() {
        return "soa";
    }

    @Override
    public String description() {
        return "Adds the zone's SOA to negative answers (RFC 2308) and answers SOA and NS at the apex";
    }

    @Override
    public Class<SoaConfig> configType() {
        return SoaConfig.class;
    }

    @Override
    public Plugin create(SoaConfig config, PluginContext context) {
        Name zone = config.zoneName();
        if (!context.zones().isEmpty() && context.zones().stream().noneMatch(zone::subdomain)) {
            throw new IllegalArgumentException("soa zone " + zone + " is outside the server block's zones " + context.zones());
        }
        return new SoaPlugin(config, serial(config, context), context.metrics());
    }

    private static LongSupplier serial(SoaConfig config, PluginContext context) {
        if (config.serial() != null) {
            long fixed = config.serial();
            return () -> fixed;
        }
        if (config.inventory() != null) {
            InstantSource source = context.resource(config.inventory(), InstantSource.class)
                    .orElseThrow(() -> new IllegalArgumentException("unknown inventory [" + config.inventory()
                            + "] for the soa serial, known " + context.resourceNames(InstantSource.class)));
            return SoaPlugin.serialFrom(source);
        }
        long started = context.clock().instant().getEpochSecond() & 0xFFFF_FFFFL;
        return () -> started;
    }
}
