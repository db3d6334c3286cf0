package org.awsdns.examples.splithorizon;

import java.math.BigInteger;
import java.net.InetAddress;
import org.awsdns.core.IpLiterals;

/** An IPv4 or IPv6 network written {@code address/prefix}, e.g. {@code 10.1.0.0/16}. */
record Subnet(byte[] network, int prefix) {

    static Subnet parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = IpLiterals.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("not a network: '" + text + "' (write 10.1.0.0/16 or fd00::/8)");
        }
        int bits = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length in '" + text + "'", e);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length of '" + text + "' must be 0.." + bits);
        }
        return new Subnet(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(bytes.length * 8).subtract(BigInteger.ONE)
                .shiftRight(prefix).not();
        return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
    }
}
