package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.awsdns.server.transport.SecureListen;
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
 * @param secure the encrypted ones of {@code listen}: DNS over TLS or HTTPS, with the certificate
 */
public record ServerSpec(
        String name, List<InetSocketAddress> listen, List<Name> zones, List<Cidr> clients, List<PluginSpec> plugins,
        Map<InetSocketAddress, SecureListen> secure) {
    public ServerSpec {
        requireNonNull(name, "name is null");
        listen = List.copyOf(listen);
        zones = List.copyOf(zones);
        clients = List.copyOf(clients);
        plugins = List.copyOf(plugins);
        secure = Map.copyOf(secure);
    }

    /** A block whose listeners are all plain DNS. */
    public ServerSpec(String name, List<InetSocketAddress> listen, List<Name> zones, List<Cidr> clients, List<PluginSpec> plugins) {
        this(name, listen, zones, clients, plugins, Map.of());
    }
}
