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

    /**
     * The text form of {@code address} for logs, labels and messages: dotted decimal for IPv4, and
     * for IPv6 the RFC 5952 form ({@code ::1}, {@code fd00::10}: lower case, no leading zeros, the
     * longest run of two or more zero groups written {@code ::}), where
     * {@link InetAddress#getHostAddress} writes {@code 0:0:0:0:0:0:0:1}. A scope is dropped.
     */
    public static String format(InetAddress address) {
        if (!(address instanceof java.net.Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened (RFC 5952 4.2.2)
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i += length;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** {@code 10.0.0.1:53} or {@code [fd00::1]:53}; never resolves a name. */
    public static String format(java.net.InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : format(ip);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
