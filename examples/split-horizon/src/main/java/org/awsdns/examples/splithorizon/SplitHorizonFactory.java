package org.awsdns.examples.splithorizon;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.awsdns.core.IpLiterals;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.PluginFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Registered through {@code META-INF/services/org.awsdns.core.PluginFactory}. */
public final class SplitHorizonFactory implements PluginFactory<SplitHorizonConfig> {

    @Override
    public String name() {
        return "split-horizon";
    }

    @Override
    public String description() {
        return "answers a name with a different address for each client network (example plugin)";
    }

    @Override
    public Class<SplitHorizonConfig> configType() {
        return SplitHorizonConfig.class;
    }

    /** Parses every name and address now, so the query path only looks up maps. */
    @Override
    public Plugin create(SplitHorizonConfig config, PluginContext context) {
        Networks networks = context.resource(config.networks(), Networks.class).orElseThrow(() -> new IllegalArgumentException(
                "split-horizon: unknown networks '" + config.networks() + "', known " + context.resourceNames(Networks.class)));
        Map<Name, Map<String, InetAddress>> names = new HashMap<>();
        config.names().forEach((name, views) -> {
            Map<String, InetAddress> addresses = new HashMap<>();
            views.forEach((view, address) -> {
                InetAddress parsed = IpLiterals.parse(address);
                if (parsed == null) {
                    throw new IllegalArgumentException("split-horizon: '" + address + "' for " + name + " (view " + view + ") is not an IP address");
                }
                addresses.put(view, parsed);
            });
            names.put(absolute(name), Map.copyOf(addresses));
        });
        return new SplitHorizonPlugin(networks, Map.copyOf(names), config.ttl(), config.firstLoadWait(),
                context.executor(), SplitHorizonMetrics.register(context.metrics(), config));
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("split-horizon: '" + name + "' is not a DNS name", e);
        }
    }
}
