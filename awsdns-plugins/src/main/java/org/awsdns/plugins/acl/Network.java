package org.awsdns.plugins.acl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.awsdns.core.IpLiterals;

/**
 * An IPv4 or IPv6 network, parsed once into integers so that matching a client is a few masked
 * comparisons. An IPv4-mapped IPv6 network ({@code ::ffff:10.0.0.0/104}) is the IPv4 network it
 * maps ({@code 10.0.0.0/8}), just as an IPv4-mapped client address is matched as IPv4.
 *
 * @param ipv4 whether this is an IPv4 network
 * @param prefixLength the prefix length, 0-32 for IPv4 and 0-128 for IPv6
 * @param high the first 64 bits of the network (IPv4: the address in the low 32 bits)
 * @param low the last 64 bits of the network (IPv4: 0)
 * @param maskHigh the mask of {@code high}
 * @param maskLow the mask of {@code low}
 */
record Network(boolean ipv4, int prefixLength, long high, long low, long maskHigh, long maskLow) {
    private static final int IPV4_MAPPED_PREFIX = 96;

    /**
     * Parses {@code 10.0.0.0/16}, {@code fd00::/8} or a single address. Only literals: nothing is
     * looked up.
     *
     * @throws IllegalArgumentException when the text is not such a network
     */
    static Network parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        boolean ipv6Text = address.indexOf(':') >= 0;
        byte[] bytes = literal(address, text);
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 + (ipv6Text && bytes.length == 4 ? IPV4_MAPPED_PREFIX : 0)
                    : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("net: bad prefix length in [" + text + "]");
        }
        if (ipv6Text && bytes.length == 4) {
            // Java reads ::ffff:a.b.c.d as the IPv4 address a.b.c.d
            if (prefix < IPV4_MAPPED_PREFIX || prefix > 128) {
                throw new IllegalArgumentException("net: the prefix length of the IPv4-mapped network [" + text
                        + "] must be between 96 and 128; or write the IPv4 network");
            }
            prefix -= IPV4_MAPPED_PREFIX;
        }
        int maxPrefix = bytes.length * 8;
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException("net: the prefix length in [" + text + "] must be between 0 and " + maxPrefix);
        }
        if (bytes.length == 4) {
            long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            long value = toInt(bytes, 0) & 0xFFFF_FFFFL;
            if ((value & mask) != value) {
                throw hostBits(text, bytes, prefix);
            }
            return new Network(true, prefix, value, 0, mask, 0);
        }
        long maskHigh = mask64(prefix);
        long maskLow = mask64(prefix - 64);
        long high = toLong(bytes, 0);
        long low = toLong(bytes, 8);
        if ((high & maskHigh) != high || (low & maskLow) != low) {
            throw hostBits(text, bytes, prefix);
        }
        return new Network(false, prefix, high, low, maskHigh, maskLow);
    }

    /** A mask of the first {@code bits} bits of 64 (none for 0 or less, all for 64 or more). */
    private static long mask64(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    static int toInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16
                | (bytes[offset + 2] & 0xFF) << 8 | (bytes[offset + 3] & 0xFF);
    }

    static long toLong(byte[] bytes, int offset) {
        return (toInt(bytes, offset) & 0xFFFF_FFFFL) << 32 | (toInt(bytes, offset + 4) & 0xFFFF_FFFFL);
    }

    /** The address's bytes: 4 for IPv4 (and IPv4-mapped IPv6), 16 for IPv6. */
    private static byte[] literal(String address, String original) {
        InetAddress parsed = IpLiterals.parse(address);
        if (parsed == null) {
            throw notLiteral(original); // also refuses zone indexes (fe80::1%eth0) and leading zeros
        }
        return parsed.getAddress();
    }

    private static IllegalArgumentException notLiteral(String original) {
        return new IllegalArgumentException("net: [" + original
                + "] is not a network; write e.g. 10.0.0.0/16, fd00::/8 or 10.0.0.7 (names are not looked up)");
    }

    private static IllegalArgumentException hostBits(String text, byte[] bytes, int prefix) {
        String network;
        try {
            byte[] masked = bytes.clone();
            for (int bit = prefix; bit < masked.length * 8; bit++) {
                masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            network = InetAddress.getByAddress(masked).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return new IllegalArgumentException("net: [" + text + "] has bits set after the prefix; did you mean "
                + network + "?");
    }

    @Override
    public String toString() {
        try {
            byte[] bytes = new byte[ipv4 ? 4 : 16];
            if (ipv4) {
                writeInt(bytes, 0, (int) high);
            } else {
                writeInt(bytes, 0, (int) (high >>> 32));
                writeInt(bytes, 4, (int) high);
                writeInt(bytes, 8, (int) (low >>> 32));
                writeInt(bytes, 12, (int) low);
            }
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }
}
