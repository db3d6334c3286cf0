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

    private ReverseNames() {}

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
