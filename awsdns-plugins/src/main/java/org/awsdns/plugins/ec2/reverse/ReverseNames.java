package org.awsdns.plugins.ec2.reverse;

import java.net.InetAddress;
import org.awsdns.plugins.ec2.inventory.Addresses;
import org.xbill.DNS.Name;

/**
 * Strict parsing of reverse names, unlike dnsjava's lax {@code ReverseMap.fromName}: exactly four
 * decimal labels 0-255 without leading zeros under {@code in-addr.arpa.}, or exactly 32 single
 * hex digits under {@code ip6.arpa.}.
 */
public final class ReverseNames {
    private static final Name IN_ADDR = Name.fromConstantString("in-addr.arpa.");
    private static final Name IP6 = Name.fromConstantString("ip6.arpa.");

    private static final byte[] IN_ADDR_WIRE = IN_ADDR.toWire();
    private static final byte[] IP6_WIRE = IP6.toWire();
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ReverseNames() {}

    /**
     * The reverse name of {@code address}, as {@code ReverseMap.fromAddress} makes it but straight
     * from wire bytes, without text parsing (views build one per address).
     */
    public static Name of(InetAddress address) {
        byte[] bytes = address.getAddress();
        byte[] wire;
        int n = 0;
        if (bytes.length == 4) {
            wire = new byte[16 + IN_ADDR_WIRE.length];
            for (int i = 3; i >= 0; i--) {
                int value = bytes[i] & 0xff;
                int length = value >= 100 ? 3 : value >= 10 ? 2 : 1;
                wire[n++] = (byte) length;
                if (value >= 100) {
                    wire[n++] = (byte) ('0' + value / 100);
                }
                if (value >= 10) {
                    wire[n++] = (byte) ('0' + value / 10 % 10);
                }
                wire[n++] = (byte) ('0' + value % 10);
            }
            System.arraycopy(IN_ADDR_WIRE, 0, wire, n, IN_ADDR_WIRE.length);
            n += IN_ADDR_WIRE.length;
        } else {
            wire = new byte[64 + IP6_WIRE.length];
            for (int i = 15; i >= 0; i--) {
                wire[n++] = 1;
                wire[n++] = HEX[bytes[i] & 0x0f];
                wire[n++] = 1;
                wire[n++] = HEX[(bytes[i] >> 4) & 0x0f];
            }
            System.arraycopy(IP6_WIRE, 0, wire, n, IP6_WIRE.length);
            n += IP6_WIRE.length;
        }
        try {
            return new Name(n == wire.length ? wire : java.util.Arrays.copyOf(wire, n));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("bad reverse name of " + address, e);
        }
    }

    /** The address {@code name} stands for, or {@code null} when it is not a full reverse name. */
    public static InetAddress parse(Name name) {
        int labels = name.labels();
        if (labels == 7 && name.subdomain(IN_ADDR)) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int value = decimal(name.getLabelString(i));
                if (value < 0) {
                    return null;
                }
                bytes[3 - i] = (byte) value;
            }
            return Addresses.byAddress(bytes);
        }
        if (labels == 35 && name.subdomain(IP6)) {
            byte[] bytes = new byte[16];
            for (int i = 0; i < 32; i++) {
                String label = name.getLabelString(i);
                if (label.length() != 1) {
                    return null;
                }
                int nibble = Character.digit(label.charAt(0), 16);
                if (nibble < 0) {
                    return null;
                }
                int position = 31 - i;
                bytes[position / 2] |= (byte) (position % 2 == 0 ? nibble << 4 : nibble);
            }
            return Addresses.byAddress(bytes);
        }
        return null;
    }

    private static int decimal(String label) {
        if (label.isEmpty() || label.length() > 3 || (label.length() > 1 && label.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > 255 ? -1 : value;
    }
}
