package org.awsdns.server.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awsdns.core.IpLiterals;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Parsers for the scalar types of the configuration; each throws IllegalArgumentException with a message for the user. */
public final class ConfigValues {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private ConfigValues() {}

    /** {@code 127.0.0.1:53} or {@code [::1]:53}; only IP literals, so nothing is resolved. */
    public static InetSocketAddress listenAddress(String text) {
        String value = text.trim();
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("bad listen address '" + text + "': expected [IPv6]:PORT, e.g. [::1]:53");
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("bad listen address '" + text + "': brackets are for IPv6 addresses");
            }
        } else {
            int colon = value.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad listen address '" + text + "': expected HOST:PORT, e.g. 127.0.0.1:53");
            }
            if (value.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException(
                        "bad listen address '" + text + "': put an IPv6 address in brackets, e.g. [::1]:53");
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.indexOf('.') < 0 || IpLiterals.parse(host) == null) {
                throw new IllegalArgumentException(
                        "bad listen address '" + text + "': the host must be an IP address, e.g. 127.0.0.1:53 or 0.0.0.0:53");
            }
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad listen address '" + text + "': port '" + port + "' is not a number");
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new IllegalArgumentException("bad listen address '" + text + "': port must be between 0 and 65535");
        }
        InetAddress address = IpLiterals.parse(host);
        if (address == null) {
            throw new IllegalArgumentException("bad listen address '" + text + "': '" + host + "' is not an IP address");
        }
        return new InetSocketAddress(address, portNumber);
    }

    /** A zone name, made absolute and lower case: {@code Demo.Internal} becomes {@code demo.internal.}. */
    public static Name zone(String text) {
        String value = text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty zone name; use '.' for every name");
        }
        try {
            return Name.fromString(value.toLowerCase(Locale.ROOT), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad zone name '" + text + "': " + e.getMessage());
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 1m30s}, or ISO-8601 such as {@code PT10S}. */
    public static Duration duration(String text) {
        String value = text.trim();
        if (!value.isEmpty() && value.length() < 12 && value.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(value)); // plain seconds, as every TTL key takes
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw badDuration(text);
            }
        }
        Matcher matcher = DURATION_PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long amount;
            try {
                amount = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException e) {
                throw badDuration(text);
            }
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            throw badDuration(text);
        }
        return total;
    }

    /** The short form of a duration, the inverse of {@link #duration}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (!duration.equals(Duration.ofMillis(millis))) {
            return duration.toString();
        }
        if (millis == 0) {
            return "0s";
        }
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** {@code 127.0.0.1:53} or {@code [::1]:53}. */
    public static String format(InetSocketAddress address) {
        return org.awsdns.core.IpLiterals.format(address);
    }

    private static IllegalArgumentException badDuration(String text) {
        return new IllegalArgumentException(
                "bad duration '" + text + "': expected a number with a unit (500ms, 10s, 5m, 1h, 1d) or ISO-8601 (PT10S)");
    }
}
