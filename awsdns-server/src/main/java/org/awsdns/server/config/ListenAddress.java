package org.awsdns.server.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * One item of a block's {@code listen:}, CoreDNS style: {@code HOST:PORT} (plain DNS over UDP and
 * TCP), {@code tls://HOST:PORT} (DNS over TLS, RFC 7858) or {@code https://HOST:PORT/PATH} (DNS
 * over HTTPS, RFC 8484). TLS and HTTPS default to ports 853 and 443, HTTPS to {@code /dns-query}.
 *
 * @param path the HTTP path of an HTTPS listener, empty for the others
 */
public record ListenAddress(Scheme scheme, InetSocketAddress address, String path) {
    public static final String DEFAULT_DOH_PATH = "/dns-query";

    /** How queries arrive at a listen address. */
    public enum Scheme {
        DNS("", 53),
        TLS("tls://", 853),
        HTTPS("https://", 443);

        private final String prefix;
        private final int defaultPort;

        Scheme(String prefix, int defaultPort) {
            this.prefix = prefix;
            this.defaultPort = defaultPort;
        }

        /** Whether the listener speaks TLS and so needs the block's {@code tls:} files. */
        public boolean encrypted() {
            return this != DNS;
        }
    }

    public ListenAddress {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(address, "address is null");
        requireNonNull(path, "path is null");
    }

    /** A plain DNS address. */
    public static ListenAddress plain(InetSocketAddress address) {
        return new ListenAddress(Scheme.DNS, address, "");
    }

    public static ListenAddress parse(String text) {
        String value = text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("dns://")) {
            return plain(ConfigValues.listenAddress(value.substring("dns://".length())));
        }
        for (Scheme scheme : new Scheme[] {Scheme.TLS, Scheme.HTTPS}) {
            if (lower.startsWith(scheme.prefix)) {
                return parse(scheme, value.substring(scheme.prefix.length()), text);
            }
        }
        if (lower.contains("://")) {
            throw new IllegalArgumentException("bad listen address '" + text
                    + "': unknown scheme; known [HOST:PORT, dns://HOST:PORT, tls://HOST:PORT, https://HOST:PORT/PATH]");
        }
        return plain(ConfigValues.listenAddress(value));
    }

    private static ListenAddress parse(Scheme scheme, String rest, String text) {
        String hostPort = rest;
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            hostPort = rest.substring(0, slash);
            path = rest.substring(slash);
            if (scheme != Scheme.HTTPS) {
                throw new IllegalArgumentException("bad listen address '" + text + "': only https:// takes a path");
            }
        }
        if (scheme == Scheme.HTTPS && (path.isEmpty() || path.equals("/"))) {
            path = DEFAULT_DOH_PATH;
        }
        if (path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("bad listen address '" + text + "': the path takes no query or fragment");
        }
        if (!hasPort(hostPort)) {
            hostPort = hostPort + ":" + scheme.defaultPort;
        }
        return new ListenAddress(scheme, ConfigValues.listenAddress(hostPort), path);
    }

    private static boolean hasPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            return hostPort.indexOf("]:") > 0;
        }
        return hostPort.indexOf(':') >= 0;
    }

    @Override
    public String toString() {
        return scheme.prefix + ConfigValues.format(address) + path;
    }
}
