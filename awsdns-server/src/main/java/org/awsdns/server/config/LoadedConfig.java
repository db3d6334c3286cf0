package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.awsdns.server.transport.ServerSettings;

/**
 * A configuration read, overridden and bound: everything but the plugins themselves.
 *
 * @param sourceName the file (or {@code <yaml>})
 * @param baseDirectory where plugins resolve relative paths from
 * @param transport the transport settings
 * @param resources the shared resources (such as EC2 inventories), in file order
 * @param servers the server blocks, in file order
 */
public record LoadedConfig(
        String sourceName, Path baseDirectory, ServerSettings transport, List<ResourceSpec> resources, List<ServerSpec> servers) {
    public LoadedConfig {
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(baseDirectory, "baseDirectory is null");
        requireNonNull(transport, "transport is null");
        resources = List.copyOf(resources);
        servers = List.copyOf(servers);
    }
}
