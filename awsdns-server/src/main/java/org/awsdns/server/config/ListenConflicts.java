package org.awsdns.server.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds listen addresses of one configuration that cannot all be bound: a TCP port is bound once
 * per address, so the DNS listeners (UDP and TCP) and the HTTP endpoints ({@code metrics},
 * {@code health}) must not share a port on overlapping addresses. {@code 0.0.0.0} overlaps every
 * IPv4 address of its port, {@code ::} every address (a dual-stack socket). Found while loading, so
 * {@code check} reports it as {@code serve} would, with the lines of both, before any socket opens.
 * Port 0 (any free port) never conflicts; the same address in several server blocks is one
 * listener, and {@code metrics} and {@code health} on one address are one HTTP server.
 */
final class ListenConflicts {
    private enum Kind { DNS, HTTP }

    private record Endpoint(String path, InetSocketAddress address, Kind kind) {}

    private ListenConflicts() {}

    /** @throws ConfigException naming the second of the first two endpoints that conflict, and the first */
    static void check(List<ServerSpec> servers, Optional<EndpointConfig> metrics, Optional<EndpointConfig> health,
            Locations locations) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (ServerSpec server : servers) {
            for (int i = 0; i < server.listen().size(); i++) {
                String path = Locations.element(Locations.child(server.name(), "listen"), i);
                endpoints.add(new Endpoint(path, server.listen().get(i), Kind.DNS));
            }
        }
        metrics.ifPresent(endpoint -> endpoints.add(new Endpoint("metrics.listen", endpoint.listen(), Kind.HTTP)));
        health.ifPresent(endpoint -> endpoints.add(new Endpoint("health.listen", endpoint.listen(), Kind.HTTP)));
        for (int j = 1; j < endpoints.size(); j++) {
            for (int i = 0; i < j; i++) {
                Endpoint first = endpoints.get(i);
                Endpoint second = endpoints.get(j);
                if (conflict(first, second)) {
                    throw new ConfigException(locations.locate(second.path()) + ": " + second.path() + ": "
                            + ConfigValues.format(second.address()) + " (" + describe(second.kind()) + ") overlaps "
                            + ConfigValues.format(first.address()) + " (" + describe(first.kind()) + ") of "
                            + first.path() + " at " + locations.locate(first.path())
                            + ": a TCP port can be bound only once per address; use another port or the same address");
                }
            }
        }
    }

    private static boolean conflict(Endpoint first, Endpoint second) {
        InetSocketAddress a = first.address();
        InetSocketAddress b = second.address();
        if (a.getPort() == 0 || b.getPort() == 0 || a.getPort() != b.getPort() || a.isUnresolved() || b.isUnresolved()) {
            return false;
        }
        if (a.getAddress().equals(b.getAddress())) {
            return first.kind() != second.kind(); // one DNS listener, or one HTTP server, serves both
        }
        return covers(a.getAddress(), b.getAddress()) || covers(b.getAddress(), a.getAddress());
    }

    /** Whether a socket bound to {@code wildcard} takes the port of {@code other} too. */
    private static boolean covers(InetAddress wildcard, InetAddress other) {
        if (!wildcard.isAnyLocalAddress()) {
            return false;
        }
        if (wildcard instanceof Inet6Address) {
            return true; // dual stack: :: covers IPv4 as well
        }
        return other instanceof Inet4Address || other.isAnyLocalAddress();
    }

    private static String describe(Kind kind) {
        return kind == Kind.DNS ? "DNS over UDP and TCP" : "HTTP";
    }
}
