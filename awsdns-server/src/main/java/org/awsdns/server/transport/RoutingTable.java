package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Which block serves a query: for each listen endpoint (by its {@linkplain ListenEndpoint#index()
 * id}), the selector over the blocks listening there. Immutable; it only routes.
 */
final class RoutingTable {
    private final List<InetSocketAddress> addresses;
    private final BlockSelector[] selectors;

    private RoutingTable(List<InetSocketAddress> addresses, BlockSelector[] selectors) {
        this.addresses = addresses;
        this.selectors = selectors;
    }

    /** The distinct listen addresses of {@code blocks}, as configured, in first-seen order. */
    static List<InetSocketAddress> addresses(List<ServerBlock> blocks) {
        requireNonNull(blocks, "blocks is null");
        Set<InetSocketAddress> distinct = new LinkedHashSet<>();
        for (ServerBlock block : blocks) {
            distinct.addAll(block.listen());
        }
        return List.copyOf(distinct);
    }

    /**
     * The table for {@code blocks}.
     *
     * @param endpointIds the endpoint id of each address of {@link #addresses(List)}
     * @param metrics makes the meters of each (block, zone)
     */
    static RoutingTable of(List<ServerBlock> blocks, Map<InetSocketAddress, Integer> endpointIds, TransportMetrics metrics) {
        List<InetSocketAddress> addresses = addresses(blocks);
        int size = endpointIds.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        BlockSelector[] selectors = new BlockSelector[size];
        Map<ServerBlock, Map<Name, QueryMetrics>> meters = new IdentityHashMap<>();
        for (InetSocketAddress address : addresses) {
            Integer id = requireNonNull(endpointIds.get(address), () -> "no endpoint for " + address);
            List<ServerBlock> listening = new ArrayList<>();
            for (ServerBlock block : blocks) {
                if (block.listen().contains(address)) {
                    listening.add(block);
                }
            }
            selectors[id] = BlockSelector.of(listening, (block, zone) -> meters
                    .computeIfAbsent(block, b -> new HashMap<>())
                    .computeIfAbsent(zone, z -> metrics.forZone(block, z.toString())));
        }
        return new RoutingTable(addresses, selectors);
    }

    /** The configured listen addresses, as written (port 0 stays 0). */
    List<InetSocketAddress> addresses() {
        return addresses;
    }

    /** The block for {@code name} from {@code client} on endpoint {@code id}, or null when none takes it. */
    BlockSelector.Route route(int id, InetAddress client, Name name) {
        BlockSelector selector = id < selectors.length ? selectors[id] : null;
        return selector == null ? null : selector.route(client, name);
    }
}
