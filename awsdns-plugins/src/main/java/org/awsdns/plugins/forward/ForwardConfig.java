package org.awsdns.plugins.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The {@code forward} plugin's settings.
 *
 * <pre>{@code
 * - forward:
 *     to: ["10.0.0.2:53", "[fd00:ec2::253]:53"]
 *     policy: sequential        # | random | round_robin
 *     fallthrough: [NXDOMAIN]   # also NODATA
 *     except: [internal.example.]
 *     on_failure: next          # | servfail
 * }</pre>
 *
 * @param to upstream addresses, {@code a.b.c.d[:port]} or {@code [v6][:port]}; port 53 when absent
 * @param policy the order upstreams are tried in: {@code sequential}, {@code random} or
 *     {@code round_robin}
 * @param fallthrough upstream answers ({@code NXDOMAIN}, {@code NODATA}) that pass the query to the
 *     next plugin instead of being answered
 * @param except zones never forwarded: their queries pass to the next plugin
 * @param forceTcp ask upstreams over TCP only
 * @param timeout how long one attempt waits for its reply
 * @param deadline how long a query may take over all its attempts before the client gets SERVFAIL
 * @param maxFails consecutive failed attempts that mark an upstream down; 0 never marks it down
 * @param healthCheck how often an upstream marked down is probed
 * @param maxConcurrent queries allowed in flight upstream; more get SERVFAIL at once
 * @param udpSize the EDNS UDP payload size announced upstream
 * @param onFailure what a query no upstream answered (all down, timed out, unreachable, refused,
 *     over {@code max_concurrent}) becomes: {@code next} (the default) passes it to the next
 *     plugin, and the end of the chain answers SERVFAIL if nothing after answers; {@code servfail}
 *     answers SERVFAIL at once
 */
public record ForwardConfig(
        List<String> to,
        String policy,
        List<String> fallthrough,
        List<String> except,
        Boolean forceTcp,
        Duration timeout,
        Duration deadline,
        Integer maxFails,
        Duration healthCheck,
        Integer maxConcurrent,
        Integer udpSize,
        String onFailure) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    static final Duration DEFAULT_HEALTH_CHECK = Duration.ofSeconds(2);
    static final int DEFAULT_MAX_FAILS = 2;
    static final int DEFAULT_MAX_CONCURRENT = 1000;
    static final int DEFAULT_UDP_SIZE = 1232;
    private static final List<String> FALLTHROUGH_OPTIONS = List.of("NXDOMAIN", "NODATA");
    static final String ON_FAILURE_NEXT = "next";
    static final String ON_FAILURE_SERVFAIL = "servfail";
    private static final List<String> ON_FAILURE_OPTIONS = List.of(ON_FAILURE_NEXT, ON_FAILURE_SERVFAIL);

    public ForwardConfig {
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("forward needs at least one upstream in 'to', e.g. to: [\"10.0.0.2:53\"]");
        }
        to = List.copyOf(to);
        for (String address : to) {
            parseAddress(address);
        }
        policy = Policy.parse(policy == null ? "sequential" : policy).configName();
        fallthrough = fallthrough == null ? List.of() : normalizeFallthrough(fallthrough);
        except = except == null ? List.of() : List.copyOf(except);
        for (String zone : except) {
            parseZone(zone);
        }
        forceTcp = forceTcp != null && forceTcp;
        timeout = positive("timeout", timeout, DEFAULT_TIMEOUT);
        deadline = positive("deadline", deadline, DEFAULT_DEADLINE);
        if (deadline.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("deadline (" + deadline + ") must not be shorter than timeout (" + timeout + ")");
        }
        maxFails = maxFails == null ? DEFAULT_MAX_FAILS : maxFails;
        if (maxFails < 0) {
            throw new IllegalArgumentException("max_fails must be 0 (never mark down) or more, got " + maxFails);
        }
        healthCheck = positive("health_check", healthCheck, DEFAULT_HEALTH_CHECK);
        maxConcurrent = maxConcurrent == null ? DEFAULT_MAX_CONCURRENT : maxConcurrent;
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("max_concurrent must be at least 1, got " + maxConcurrent);
        }
        udpSize = udpSize == null ? DEFAULT_UDP_SIZE : udpSize;
        if (udpSize < 512 || udpSize > 65535) {
            throw new IllegalArgumentException("udp_size must be between 512 and 65535, got " + udpSize);
        }
        onFailure = onFailure == null ? ON_FAILURE_NEXT : onFailure.trim().toLowerCase(Locale.ROOT);
        if (!ON_FAILURE_OPTIONS.contains(onFailure)) {
            throw new IllegalArgumentException("unknown on_failure [" + onFailure + "], known options " + ON_FAILURE_OPTIONS);
        }
    }

    /** The settings without {@code on_failure} (it defaults to {@code next}). */
    public ForwardConfig(List<String> to, String policy, List<String> fallthrough, List<String> except, Boolean forceTcp,
            Duration timeout, Duration deadline, Integer maxFails, Duration healthCheck, Integer maxConcurrent,
            Integer udpSize) {
        this(to, policy, fallthrough, except, forceTcp, timeout, deadline, maxFails, healthCheck, maxConcurrent, udpSize,
                null);
    }

    /** Whether a query no upstream answered passes on to the next plugin ({@code on_failure: next}). */
    public boolean passOnFailure() {
        return ON_FAILURE_NEXT.equals(onFailure);
    }

    /** The upstream addresses, parsed. */
    public List<InetSocketAddress> upstreamAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>(to.size());
        for (String address : to) {
            addresses.add(parseAddress(address));
        }
        return List.copyOf(addresses);
    }

    public Policy parsedPolicy() {
        return Policy.parse(policy);
    }

    public boolean fallthroughNxdomain() {
        return fallthrough.contains("NXDOMAIN");
    }

    public boolean fallthroughNodata() {
        return fallthrough.contains("NODATA");
    }

    /** The zones in {@code except}, parsed. */
    public List<Name> exceptZones() {
        List<Name> zones = new ArrayList<>(except.size());
        for (String zone : except) {
            zones.add(parseZone(zone));
        }
        return List.copyOf(zones);
    }

    private static List<String> normalizeFallthrough(List<String> values) {
        List<String> normalized = new ArrayList<>(values.size());
        for (String value : values) {
            String upper = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
            if (!FALLTHROUGH_OPTIONS.contains(upper)) {
                throw new IllegalArgumentException("unknown fallthrough [" + value + "], known options " + FALLTHROUGH_OPTIONS);
            }
            normalized.add(upper);
        }
        return List.copyOf(normalized);
    }

    private static Duration positive(String key, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
        return value;
    }

    static Name parseZone(String zone) {
        if (zone == null || zone.isBlank()) {
            throw new IllegalArgumentException("empty zone in 'except'");
        }
        try {
            return Name.fromString(zone.trim(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid zone [" + zone + "] in 'except': " + e.getMessage(), e);
        }
    }

    /** Parses {@code a.b.c.d[:port]}, {@code [v6][:port]} or a bare IPv6 literal; never looks a name up. */
    static InetSocketAddress parseAddress(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty upstream address in 'to'");
        }
        String value = text.trim();
        String host;
        String port = null;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw invalidAddress(text, "missing ']'");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalidAddress(text, "expected ':port' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (value.indexOf(':') != value.lastIndexOf(':')) {
            host = value; // a bare IPv6 literal
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? null : value.substring(colon + 1);
        }
        int portNumber = 53;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw invalidAddress(text, "port [" + port + "] is not a number");
            }
            if (portNumber < 1 || portNumber > 65535) {
                throw invalidAddress(text, "port must be between 1 and 65535");
            }
        }
        return new InetSocketAddress(IpLiteral.parse(host, text), portNumber);
    }

    private static IllegalArgumentException invalidAddress(String text, String why) {
        return new IllegalArgumentException("invalid upstream address [" + text + "]: " + why
                + "; write an IP literal such as 10.0.0.2:53 or [fd00::2]:53 (host names are not looked up)");
    }
}
