package org.awsdns.server.config;

import java.util.List;
import org.awsdns.server.transport.ServerSettings;

/**
 * The top level of the configuration file as written. A new top-level section is one more
 * component here; unknown top-level keys are errors.
 *
 * @param transport the {@code transport:} section; absent means all defaults
 * @param servers the {@code servers:} list; at least one block
 */
public record AwsdnsConfig(ServerSettings transport, List<ServerConfig> servers) {
    public AwsdnsConfig {
        transport = transport == null ? ServerSettings.defaults() : transport;
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
