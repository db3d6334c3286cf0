package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.awsdns.server.transport.ServerSettings;

/**
 * A configuration read, overridden and bound: everything but the plugins themselves.
 *
 * @param sourceName the file (or {@code <yaml>})
 * @param baseDirectory where plugins resolve relative paths from
 * @param transport the transport settings
 * @param resources the shared resources (such as EC2 inventories), in file order
 * @param servers the server blocks, in file order
 * @param metrics the Prometheus endpoint, if any
 * @param health the health and readiness endpoint, if any
 * @param reload how the configuration is reloaded
 * @param locations where each value came from (file:line:column or a flag), for errors found later
 */
public record LoadedConfig(
        String sourceName,
        Path baseDirectory,
        ServerSettings transport,
        List<ResourceSpec> resources,
        List<ServerSpec> servers,
        Optional<EndpointConfig> metrics,
        Optional<EndpointConfig> health,
        ReloadConfig reload,
        Locations locations) {
    public LoadedConfig {
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(baseDirectory, "baseDirectory is null");
        requireNonNull(transport, "transport is null");
        resources = List.copyOf(resources);
        servers = List.copyOf(servers);
        requireNonNull(metrics, "metrics is null");
        requireNonNull(health, "health is null");
        requireNonNull(reload, "reload is null");
        requireNonNull(locations, "locations is null");
    }

    /** A configuration whose values' locations are not known. */
    public LoadedConfig(String sourceName, Path baseDirectory, ServerSettings transport, List<ResourceSpec> resources,
            List<ServerSpec> servers, Optional<EndpointConfig> metrics, Optional<EndpointConfig> health, ReloadConfig reload) {
        this(sourceName, baseDirectory, transport, resources, servers, metrics, health, reload, Locations.none(sourceName));
    }

    /** A configuration with no HTTP endpoint and no file watching. */
    public LoadedConfig(
            String sourceName, Path baseDirectory, ServerSettings transport, List<ResourceSpec> resources, List<ServerSpec> servers) {
        this(sourceName, baseDirectory, transport, resources, servers, Optional.empty(), Optional.empty(), ReloadConfig.none());
    }
}
