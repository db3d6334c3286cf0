package org.awsdns.server.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Who counts as one client for the per-client limit: an IPv4 address, or an IPv6 address cut to a prefix. */
record ClientKey(boolean ipv6, long high, long low) {

    static ClientKey of(InetAddress address, int ipv6Prefix) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return new ClientKey(false, 0, ByteBuffer.wrap(bytes).getInt() & 0xFFFFFFFFL);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new ClientKey(true, mask(buffer.getLong(), ipv6Prefix), mask(buffer.getLong(), ipv6Prefix - 64));
    }

    /** {@code value} with only its first {@code bits} bits kept (none when bits <= 0). */
    private static long mask(long value, int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? value : value & (-1L << (64 - bits));
    }
}
