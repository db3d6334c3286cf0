package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Name;

/**
 * One generation of the configuration as the query path sees it: for each listen endpoint (by its
 * {@linkplain ListenEndpoint#index() id}), the selector over the blocks listening there, and the
 * settings-derived decoder, encoder and timeout. Immutable but for its in-flight count, so a
 * reload builds a new one, swaps it in, and closes the old blocks once their queries are done.
 */
final class Routes {
    private final List<InetSocketAddress> addresses;
    private final BlockSelector[] selectors;
    private final List<ServerBlock> blocks;
    private final ServerSettings settings;
    private final ResponseEncoder encoder;
    private final QueryDecoder decoder;
    private final long queryTimeoutNanos;
    /** Queries that entered this generation and have not been answered. */
    private final LongAdder inFlight = new LongAdder();

    private Routes(List<InetSocketAddress> addresses, BlockSelector[] selectors, List<ServerBlock> blocks,
            ServerSettings settings) {
        this.addresses = addresses;
        this.selectors = selectors;
        this.blocks = blocks;
        this.settings = settings;
        this.encoder = new ResponseEncoder(settings.ednsUdpSize());
        this.decoder = new QueryDecoder(encoder, settings.ednsUdpSize());
        this.queryTimeoutNanos = settings.queryTimeout().toNanos();
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
     * Routes for {@code blocks}.
     *
     * @param endpointIds the endpoint id of each address of {@link #addresses(List)}
     * @param metrics makes the meters of each (block, zone)
     */
    static Routes of(List<ServerBlock> blocks, Map<InetSocketAddress, Integer> endpointIds, ServerSettings settings,
            TransportMetrics metrics) {
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
        return new Routes(addresses, selectors, List.copyOf(blocks), settings);
    }

    /** The configured listen addresses, as written (port 0 stays 0). */
    List<InetSocketAddress> addresses() {
        return addresses;
    }

    /** The selector of the endpoint {@code id}, or null when no block of this generation listens there. */
    BlockSelector selector(int id) {
        return id < selectors.length ? selectors[id] : null;
    }

    List<ServerBlock> blocks() {
        return blocks;
    }

    ServerSettings settings() {
        return settings;
    }

    ResponseEncoder encoder() {
        return encoder;
    }

    QueryDecoder decoder() {
        return decoder;
    }

    long queryTimeoutNanos() {
        return queryTimeoutNanos;
    }

    void enter() {
        inFlight.increment();
    }

    void exit() {
        inFlight.decrement();
    }

    long inFlight() {
        return inFlight.sum();
    }
}
