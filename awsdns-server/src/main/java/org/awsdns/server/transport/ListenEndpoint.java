package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * One bound listen address.
 *
 * @param index the address's position in {@link Routes#addresses()}, the key of its block selector
 * @param local the bound address, with the actual port
 */
record ListenEndpoint(int index, InetSocketAddress local) {
    ListenEndpoint {
        requireNonNull(local, "local is null");
    }
}
