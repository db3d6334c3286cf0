package org.awsdns.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.awsdns.server.transport.Cidr;
import org.xbill.DNS.Name;

/**
 * One item of {@code servers:} as written. The plugins stay YAML trees here: each is bound to its
 * factory's config type in a second step, so its errors name the plugin.
 *
 * @param listen where to listen, required
 * @param zones the zones served, most specific first; default {@code .}
 * @param clients the client networks served; default all
 * @param plugins the chain, in order; required
 * @param tls the certificate of the block's {@code tls://} and {@code https://} listeners
 */
public record ServerConfig(
        List<ListenAddress> listen, List<Name> zones, List<Cidr> clients, List<JsonNode> plugins, TlsConfig tls) {
    public ServerConfig {
        if (listen == null || listen.isEmpty()) {
            throw new IllegalArgumentException("'listen' is required: at least one HOST:PORT (or tls://HOST:PORT, https://HOST:PORT/PATH), e.g. listen: [\"127.0.0.1:53\"]");
        }
        if (hasNull(listen)) {
            throw new IllegalArgumentException("an item of 'listen' is empty");
        }
        listen = List.copyOf(listen);
        if (zones == null || zones.isEmpty()) {
            zones = List.of(Name.root);
        }
        if (hasNull(zones)) {
            throw new IllegalArgumentException("an item of 'zones' is empty");
        }
        zones = zones.stream()
                .distinct()
                .sorted(Comparator.comparingInt(Name::labels).reversed())
                .toList();
        clients = clients == null ? List.of() : clients;
        if (hasNull(clients)) {
            throw new IllegalArgumentException("an item of 'clients' is empty");
        }
        clients = List.copyOf(clients);
        if (plugins == null || plugins.isEmpty()) {
            throw new IllegalArgumentException("'plugins' is required: the chain of at least one plugin, e.g. plugins: [log]");
        }
        plugins = List.copyOf(plugins);
    }

    private static boolean hasNull(List<?> list) {
        return list.stream().anyMatch(Objects::isNull);
    }
}
