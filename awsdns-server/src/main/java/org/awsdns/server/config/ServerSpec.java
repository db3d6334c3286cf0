package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.List;
import org.awsdns.server.transport.Cidr;
import org.xbill.DNS.Name;

/**
 * A server block, validated, before its plugins are created.
 *
 * @param name {@code servers[0]}, {@code servers[1]}, ...
 * @param listen where to listen
 * @param zones the zones, most specific first
 * @param clients the client networks; empty takes every client
 * @param plugins the chain, in order
 */
public record ServerSpec(
        String name, List<InetSocketAddress> listen, List<Name> zones, List<Cidr> clients, List<PluginSpec> plugins) {
    public ServerSpec {
        requireNonNull(name, "name is null");
        listen = List.copyOf(listen);
        zones = List.copyOf(zones);
        clients = List.copyOf(clients);
        plugins = List.copyOf(plugins);
    }
}
