package org.awsdns.server.config;

import java.util.List;
import org.awsdns.server.transport.ServerSettings;

/**
 * The top level of the configuration file as written. A new top-level section is one more
 * component here; unknown top-level keys are errors.
 *
 * @param transport the {@code transport:} section; absent means all defaults
 * @param servers the {@code servers:} list; at least one block
 * @param metrics the {@code metrics:} section, the Prometheus endpoint; absent means none
 * @param health the {@code health:} section, {@code /health} and {@code /ready}; absent means none
 * @param reload the {@code reload:} section; absent means SIGHUP only
 */
public record AwsdnsConfig(
        ServerSettings transport, List<ServerConfig> servers, EndpointConfig metrics, EndpointConfig health, ReloadConfig reload) {
    public AwsdnsConfig {
        transport = transport == null ? ServerSettings.defaults() : transport;
        reload = reload == null ? ReloadConfig.none() : reload;
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException(
                    "no server blocks: add at least one under 'servers', with 'listen' and 'plugins'");
        }
        if (servers.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("an item of 'servers' is empty");
        }
        servers = List.copyOf(servers);
    }
}
