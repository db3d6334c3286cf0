package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import org.xbill.DNS.Name;

/**
 * Picks the server block for a query among the blocks listening on one address: the block must
 * take the client, and among those the longest zone containing the query name wins; on a tie the
 * block with the more specific client network wins, then the block configured first.
 *
 * <p>Immutable, built once per address; {@link #select} allocates nothing beyond one copy of the
 * client address, and only when some block restricts clients.
 */
final class BlockSelector {
    private static final int NO_MATCH = -1;

    /** One (zone, block) pair, the unit of matching; sorted longest zone first. */
    private final Name[] zones;
    private final int[] zoneLabels;
    private final Route[] routes;
    private final Cidr[][] clients;
    private final boolean restrictsClients;

    private BlockSelector(List<Candidate> candidates) {
        int size = candidates.size();
        zones = new Name[size];
        zoneLabels = new int[size];
        routes = new Route[size];
        clients = new Cidr[size][];
        boolean anyClients = false;
        for (int i = 0; i < size; i++) {
            Candidate candidate = candidates.get(i);
            zones[i] = candidate.zone();
            zoneLabels[i] = candidate.zone().labels();
            routes[i] = candidate.route();
            clients[i] = candidate.block().clients().toArray(new Cidr[0]);
            anyClients |= clients[i].length > 0;
        }
        restrictsClients = anyClients;
    }

    /** A selector over {@code blocks}, in configuration order (earlier wins a full tie). */
    static BlockSelector of(List<ServerBlock> blocks) {
        return of(blocks, (block, zone) -> null);
    }

    /** As {@link #of(List)}, each (block, zone) with its meters from {@code metrics}. */
    static BlockSelector of(List<ServerBlock> blocks, BiFunction<ServerBlock, Name, QueryMetrics> metrics) {
        requireNonNull(blocks, "blocks is null");
        requireNonNull(metrics, "metrics is null");
        List<Candidate> candidates = new ArrayList<>();
        for (ServerBlock block : blocks) {
            for (Name zone : block.zones()) {
                candidates.add(new Candidate(zone, block, new Route(block, metrics.apply(block, zone))));
            }
        }
        // stable sort: among equal zone lengths the configuration order is kept
        candidates.sort(Comparator.comparingInt((Candidate candidate) -> candidate.zone().labels()).reversed());
        return new BlockSelector(candidates);
    }

    /** The block serving {@code name} for {@code client}, or {@code null} when none does. */
    ServerBlock select(InetAddress client, Name name) {
        Route route = route(client, name);
        return route == null ? null : route.block();
    }

    /** The block and zone serving {@code name} for {@code client}, or {@code null} when none does. */
    Route route(InetAddress client, Name name) {
        byte[] clientBytes = restrictsClients ? client.getAddress() : null;
        Route best = null;
        int bestLabels = 0;
        int bestSpecificity = NO_MATCH;
        for (int i = 0; i < zones.length; i++) {
            if (best != null && zoneLabels[i] < bestLabels) {
                break; // sorted longest first: nothing shorter can beat the match found
            }
            if (!name.subdomain(zones[i])) {
                continue;
            }
            int specificity = clientSpecificity(clients[i], clientBytes);
            if (specificity > bestSpecificity) {
                best = routes[i];
                bestLabels = zoneLabels[i];
                bestSpecificity = specificity;
            }
        }
        return best;
    }

    /** 0 for a block taking every client, 1 + the longest matching prefix, or NO_MATCH. */
    private static int clientSpecificity(Cidr[] networks, byte[] client) {
        if (networks.length == 0) {
            return 0;
        }
        int longest = NO_MATCH;
        for (Cidr network : networks) {
            if (network.prefixLength() + 1 > longest && network.contains(client)) {
                longest = network.prefixLength() + 1;
            }
        }
        return longest;
    }

    private record Candidate(Name zone, ServerBlock block, Route route) {}

    /**
     * Where a query goes: its block, and the meters of the zone that matched.
     *
     * @param metrics null only in selectors made without meters (tests)
     */
    record Route(ServerBlock block, QueryMetrics metrics) {}
}
