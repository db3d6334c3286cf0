package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The routing table: for each listen address (by its index in {@link #addresses()}), the selector
 * over the blocks listening there. Immutable, so a reload can build a new one and swap it in.
 */
final class Routes {
    private final List<InetSocketAddress> addresses;
    private final BlockSelector[] selectors;
    private final List<ServerBlock> blocks;

    private Routes(List<InetSocketAddress> addresses, BlockSelector[] selectors, List<ServerBlock> blocks) {
        this.addresses = addresses;
        this.selectors = selectors;
        this.blocks = blocks;
    }

    /** Routes for {@code blocks}; the addresses are the distinct configured ones, in first-seen order. */
    static Routes of(List<ServerBlock> blocks) {
        requireNonNull(blocks, "blocks is null");
        Set<InetSocketAddress> distinct = new LinkedHashSet<>();
        for (ServerBlock block : blocks) {
            distinct.addAll(block.listen());
        }
        List<InetSocketAddress> addresses = List.copyOf(distinct);
        BlockSelector[] selectors = new BlockSelector[addresses.size()];
        for (int i = 0; i < selectors.length; i++) {
            List<ServerBlock> listening = new ArrayList<>();
            for (ServerBlock block : blocks) {
                if (block.listen().contains(addresses.get(i))) {
                    listening.add(block);
                }
            }
            selectors[i] = BlockSelector.of(listening);
        }
        return new Routes(addresses, selectors, List.copyOf(blocks));
    }

    /** The configured listen addresses, as written (port 0 stays 0). */
    List<InetSocketAddress> addresses() {
        return addresses;
    }

    /** The selector of the address at {@code index} in {@link #addresses()}. */
    BlockSelector selector(int index) {
        return selectors[index];
    }

    List<ServerBlock> blocks() {
        return blocks;
    }
}
