package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.awsdns.core.Pipeline;
import org.xbill.DNS.Name;

/**
 * One configured server block, ready to serve: where it listens, which zones and clients it
 * takes, and its chain.
 *
 * @param name a label for logs and metrics, e.g. {@code servers[0]}
 * @param listen the addresses to listen on (UDP and TCP each)
 * @param zones the zones served; {@code .} takes every name
 * @param clients the client subnets served; empty takes every client
 * @param pipeline the block's plugin chain
 * @param secure the encrypted ones of {@code listen} (TCP only): DNS over TLS or HTTPS
 */
public record ServerBlock(
        String name, List<InetSocketAddress> listen, List<Name> zones, List<Cidr> clients, Pipeline pipeline,
        Map<InetSocketAddress, SecureListen> secure) {
    public ServerBlock {
        requireNonNull(name, "name is null");
        listen = List.copyOf(listen);
        zones = List.copyOf(zones);
        clients = List.copyOf(clients);
        requireNonNull(pipeline, "pipeline is null");
        secure = Map.copyOf(secure);
    }

    /** A block whose listeners are all plain DNS (UDP and TCP). */
    public ServerBlock(String name, List<InetSocketAddress> listen, List<Name> zones, List<Cidr> clients, Pipeline pipeline) {
        this(name, listen, zones, clients, pipeline, Map.of());
    }
}
