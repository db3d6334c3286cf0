package org.awsdns.plugins.acl;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One rule, parsed once: its networks split by family and its types as numbers, so that matching
 * a query allocates nothing.
 */
final class CompiledRule {
    private final AclAction action;
    private final boolean everyClient;
    private final long[] ipv4; // pairs: network, mask
    private final long[] ipv6; // quadruples: high, low, maskHigh, maskLow
    private final int[] types; // empty: every type

    CompiledRule(AclAction action, List<Network> networks, int[] types) {
        this.action = requireNonNull(action, "action is null");
        this.everyClient = networks.isEmpty();
        this.ipv4 = networks.stream().filter(Network::ipv4)
                .flatMapToLong(network -> java.util.stream.LongStream.of(network.high(), network.maskHigh()))
                .toArray();
        this.ipv6 = networks.stream().filter(network -> !network.ipv4())
                .flatMapToLong(network -> java.util.stream.LongStream.of(
                        network.high(), network.low(), network.maskHigh(), network.maskLow()))
                .toArray();
        this.types = types.clone();
    }

    static CompiledRule of(AclRule rule) {
        return new CompiledRule(rule.action(), rule.match().networks(), rule.match().types());
    }

    AclAction action() {
        return action;
    }

    boolean matchesType(int type) {
        if (types.length == 0) {
            return true;
        }
        for (int candidate : types) {
            if (candidate == type) {
                return true;
            }
        }
        return false;
    }

    /** Whether the IPv4 client (big-endian int) matches the rule's networks. */
    boolean matchesIpv4(int address) {
        if (everyClient) {
            return true;
        }
        long value = address & 0xFFFF_FFFFL;
        for (int i = 0; i < ipv4.length; i += 2) {
            if ((value & ipv4[i + 1]) == ipv4[i]) {
                return true;
            }
        }
        return false;
    }

    /** Whether the IPv6 client, as two halves, matches the rule's networks. */
    boolean matchesIpv6(long high, long low) {
        if (everyClient) {
            return true;
        }
        for (int i = 0; i < ipv6.length; i += 4) {
            if ((high & ipv6[i + 2]) == ipv6[i] && (low & ipv6[i + 3]) == ipv6[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** A client whose address is unknown matches only a rule for every client. */
    boolean matchesUnknownClient() {
        return everyClient;
    }
}
