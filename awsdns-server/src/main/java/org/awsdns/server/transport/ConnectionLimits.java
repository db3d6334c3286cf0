package org.awsdns.server.transport;

/**
 * How many connections a stream listener keeps.
 *
 * @param maxConnections open connections at most; a new one past it takes an idle one's place, or is refused
 * @param maxPerClient open connections of one client at most
 * @param ipv6ClientPrefix IPv6 clients are told apart by this many leading bits (0–128); IPv4 by the whole address
 */
public record ConnectionLimits(int maxConnections, int maxPerClient, int ipv6ClientPrefix) {

    public ConnectionLimits {
        if (maxConnections < 1 || maxPerClient < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (ipv6ClientPrefix < 0 || ipv6ClientPrefix > 128) {
            throw new IllegalArgumentException("an IPv6 prefix length is 0-128, got " + ipv6ClientPrefix);
        }
    }

    /** The TCP limits of {@code settings}. */
    public static ConnectionLimits tcp(ServerSettings settings) {
        return new ConnectionLimits(
                settings.maxTcpConnections(), settings.maxTcpConnectionsPerClient(), settings.ipv6ClientPrefix());
    }
}
