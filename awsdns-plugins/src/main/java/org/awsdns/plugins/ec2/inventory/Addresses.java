package org.awsdns.plugins.ec2.inventory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.awsdns.core.IpLiterals;

/** Parses address literals without ever resolving a name. */
public final class Addresses {
    private Addresses() {}

    /** A dotted-quad IPv4 literal, or {@code null} when {@code text} is not one. */
    public static InetAddress parseIpv4(String text) {
        if (text == null) {
            return null;
        }
        // by hand, no split: a load parses an address or more per instance
        byte[] bytes = new byte[4];
        int part = 0;
        int start = 0;
        int length = text.length();
        for (int i = 0; i <= length; i++) {
            if (i < length && text.charAt(i) != '.') {
                continue;
            }
            int digits = i - start;
            if (part == 4 || digits == 0 || digits > 3 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = start; j < i; j++) {
                char c = text.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            bytes[part++] = (byte) value;
            start = i + 1;
        }
        if (part != 4) {
            return null;
        }
        return byAddress(bytes);
    }

    /** An IPv6 literal, or {@code null} when {@code text} is not one. */
    public static InetAddress parseIpv6(String text) {
        if (text == null || text.indexOf(':') < 0 || text.length() > 45) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            // only hex digits, colons and dots: a literal, never a name lookup
            InetAddress address = InetAddress.getByName(text);
            return address instanceof Inet6Address ? address : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address from raw bytes (4 or 16). */
    public static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + bytes.length, e);
        }
    }

    /** The text form AWS uses: dotted quad, or RFC 5952 for IPv6 ({@code fd00:ec2::12}). */
    public static String toText(InetAddress address) {
        return IpLiterals.format(address);
    }
}
