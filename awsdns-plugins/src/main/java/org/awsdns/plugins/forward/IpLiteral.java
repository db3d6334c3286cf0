package org.awsdns.plugins.forward;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address literals without ever asking DNS (unlike {@link InetAddress#getByName} on a name). */
final class IpLiteral {
    private IpLiteral() {}

    static InetAddress parse(String host, String original) {
        try {
            if (host.indexOf(':') >= 0) {
                int percent = host.indexOf('%');
                String address = percent < 0 ? host : host.substring(0, percent);
                boolean hexColonDot = address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
                if (!hexColonDot) {
                    throw notLiteral(original);
                }
                // a string with ':' is only ever parsed as an IPv6 literal, never looked up
                return InetAddress.getByName(host);
            }
            return InetAddress.getByAddress(ipv4(host, original));
        } catch (UnknownHostException e) {
            throw notLiteral(original);
        }
    }

    private static byte[] ipv4(String host, String original) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw notLiteral(original);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw notLiteral(original);
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw notLiteral(original);
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static IllegalArgumentException notLiteral(String original) {
        return new IllegalArgumentException("invalid upstream address [" + original
                + "]: not an IP literal; write e.g. 10.0.0.2:53 or [fd00::2]:53 (host names are not looked up)");
    }
}
