package org.awsdns.plugins.acl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Reads a client's address as integers, with IPv4-mapped IPv6 addresses read as IPv4. */
final class ClientAddress {
    /**
     * Whether {@link Inet4Address#hashCode()} is the address itself, as in every OpenJDK: then an
     * IPv4 client is read without copying its bytes. Checked once, so another JDK stays correct.
     */
    private static final boolean IPV4_HASH_IS_ADDRESS = ipv4HashIsAddress();

    private ClientAddress() {}

    /** The IPv4 address as a big-endian int; {@code address} must be IPv4. */
    static int ipv4(Inet4Address address) {
        return IPV4_HASH_IS_ADDRESS ? address.hashCode() : Network.toInt(address.getAddress(), 0);
    }

    /** Whether the 16 bytes are an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
    static boolean isIpv4Mapped(byte[] ipv6) {
        for (int i = 0; i < 10; i++) {
            if (ipv6[i] != 0) {
                return false;
            }
        }
        return ipv6[10] == (byte) 0xFF && ipv6[11] == (byte) 0xFF;
    }

    /** The raw bytes of an IPv6 address (one 16-byte copy: {@link Inet6Address} offers no other way). */
    static byte[] ipv6(Inet6Address address) {
        return address.getAddress();
    }

    private static boolean ipv4HashIsAddress() {
        try {
            for (byte[] bytes : new byte[][] {{10, 0, 0, 1}, {(byte) 192, (byte) 168, 1, (byte) 254}, {(byte) 255, 0, 0, 0}}) {
                InetAddress address = InetAddress.getByAddress(bytes);
                if (address.hashCode() != Network.toInt(bytes, 0)) {
                    return false;
                }
            }
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
