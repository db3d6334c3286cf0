package org.awsdns.server.transport;

import java.net.InetAddress;
import org.awsdns.core.IpLiterals;

/** An IPv4 or IPv6 network in CIDR notation, such as {@code 10.0.0.0/16} or {@code fd00::/8}. */
public final class Cidr {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code 10.0.0.0/16}; a bare address is a single host.
     *
     * @throws IllegalArgumentException when the text is not a CIDR of literal addresses
     */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress parsed = IpLiterals.parse(address);
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP network: '" + text + "'; write e.g. 10.0.0.0/16 or fd00::/8");
        }
        byte[] bytes = parsed.getAddress();
        int maxPrefix = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? maxPrefix : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + text + "'");
        }
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException(
                    "prefix length in '" + text + "' must be between 0 and " + maxPrefix);
        }
        return new Cidr(mask(bytes, prefix), prefix, trimmed);
    }

    /** Whether {@code address} lies in this network (an IPv4 address never lies in an IPv6 one). */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /**
     * Whether the raw address (4 or 16 bytes) lies in this network. Lets a caller match one
     * address against many networks without copying it each time.
     */
    public boolean contains(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int bitMask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (candidate[fullBytes] & bitMask) == (network[fullBytes] & 0xFF);
    }

    public int prefixLength() {
        return prefixLength;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
