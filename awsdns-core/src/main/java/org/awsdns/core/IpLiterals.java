package org.awsdns.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IP address literals, for plugin configurations: never a DNS lookup, and none of the
 * shorthand {@link InetAddress#getByName} accepts ({@code 10.1} for 10.0.0.1, {@code 010.0.0.1}
 * read as octal by other tools).
 */
public final class IpLiterals {
    private IpLiterals() {}

    /**
     * The address {@code text} writes: four decimal octets without leading zeros, or an IPv6
     * literal without a zone index (an IPv4-mapped one gives the IPv4 address).
     *
     * @return the address, or {@code null} when {@code text} is not such a literal
     */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (text.indexOf(':') >= 0) {
                boolean hexColonDot = text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
                // with ':' InetAddress only ever parses an IPv6 literal, never looks a name up
                return hexColonDot ? InetAddress.getByName(text) : null;
            }
            byte[] octets = ipv4(text);
            return octets == null ? null : InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            boolean leadingZero = part.length() > 1 && part.charAt(0) == '0';
            if (part.isEmpty() || part.length() > 3 || leadingZero || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            octets[i] = (byte) value;
        }
        return octets;
    }
}
