package org.awsdns.plugins.hosts;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One line of a hosts(5) file: an address and the names it carries, the first being the canonical
 * name. Parsing is strict and never touches the network: an address must be a literal IPv4
 * (four decimal numbers 0-255, no leading zeros) or IPv6 address.
 */
record HostLine(InetAddress address, List<Name> names) {

    HostLine {
        requireNonNull(address, "address is null");
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("names is empty");
        }
    }

    /** The canonical name: the first name of the line. */
    Name canonicalName() {
        return names.get(0);
    }

    /**
     * Parses one line.
     *
     * @return the line, or {@code null} for a blank or comment-only line
     * @throws IllegalArgumentException when the line is not valid hosts(5) syntax
     */
    static HostLine parse(String line) {
        int hash = line.indexOf('#');
        String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (content.isEmpty()) {
            return null;
        }
        String[] fields = content.split("\\s+");
        if (fields.length < 2) {
            throw new IllegalArgumentException("no name after the address " + fields[0]);
        }
        InetAddress address = parseAddress(fields[0]);
        List<Name> names = new ArrayList<>(fields.length - 1);
        for (int i = 1; i < fields.length; i++) {
            names.add(parseName(fields[i]));
        }
        return new HostLine(address, names);
    }

    static InetAddress parseAddress(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text);
    }

    private static InetAddress parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("not an IP address: " + text);
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            bytes[i] = (byte) value;
        }
        return byAddress(bytes, text);
    }

    private static InetAddress parseIpv6(String text) {
        // InetAddress.getByName only parses (and never resolves) a string that starts with a hex
        // digit or ':' and contains ':'; check that first, so no text can make it do a lookup.
        char first = text.charAt(0);
        if (!(first == ':' || isHex(first))) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c == ':' || c == '.' || isHex(c))) {
                throw new IllegalArgumentException("not an IP address: " + text
                        + (c == '%' ? " (zone indexes are not supported)" : ""));
            }
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
        if (address instanceof Inet4Address) {
            throw new IllegalArgumentException("IPv4-mapped address " + text + ": write the IPv4 address instead");
        }
        return address;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static InetAddress byAddress(byte[] bytes, String text) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    /**
     * Parses a host name: letters, digits, '-' and '_' in non-empty labels of at most 63
     * characters; made absolute (a trailing dot is added).
     */
    static Name parseName(String text) {
        String absolute = text.endsWith(".") ? text : text + ".";
        if (absolute.equals(".")) {
            throw new IllegalArgumentException("not a host name: " + text);
        }
        int labelLength = 0;
        for (int i = 0; i < absolute.length(); i++) {
            char c = absolute.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    throw new IllegalArgumentException("not a host name (empty label): " + text);
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_') {
                labelLength++;
                if (labelLength > 63) {
                    throw new IllegalArgumentException("not a host name (label longer than 63): " + text);
                }
            } else {
                throw new IllegalArgumentException("not a host name (character '" + c + "'): " + text);
            }
        }
        try {
            return Name.fromString(absolute);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a host name: " + text + " (" + e.getMessage() + ")", e);
        }
    }
}
