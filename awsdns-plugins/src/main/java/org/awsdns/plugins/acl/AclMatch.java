package org.awsdns.plugins.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Type;

/**
 * What an {@code acl} rule matches: {@code {net: [CIDR...], type: [TYPE...]}}. A query matches
 * when its client lies in one of the networks and its type is one of the types; an absent key
 * matches everything.
 *
 * @param net client networks such as {@code 10.0.0.0/16}, {@code fd00::/8} or one address;
 *     {@code null} when absent (every client)
 * @param type query type names such as {@code ANY}, {@code AXFR} or {@code TYPE65280};
 *     {@code null} when absent (every type)
 */
public record AclMatch(List<String> net, List<String> type) {
    /** Matches every query: what {@code - drop:} with nothing after it means. */
    static final AclMatch EVERYTHING = new AclMatch(null, null);

    public AclMatch {
        if (net != null) {
            if (net.isEmpty()) {
                throw new IllegalArgumentException("net must not be empty; leave it out to match every client");
            }
            List<String> copy = new ArrayList<>(net.size());
            for (String text : net) {
                if (text == null) {
                    throw new IllegalArgumentException("net: a network is null");
                }
                Network.parse(text); // validates
                copy.add(text.trim());
            }
            net = List.copyOf(copy);
        }
        if (type != null) {
            if (type.isEmpty()) {
                throw new IllegalArgumentException("type must not be empty; leave it out to match every type");
            }
            List<String> copy = new ArrayList<>(type.size());
            for (String name : type) {
                typeValue(name); // validates
                copy.add(name.trim().toUpperCase(Locale.ROOT));
            }
            type = List.copyOf(copy);
        }
    }

    /** The networks, parsed; empty when every client matches. */
    List<Network> networks() {
        return net == null ? List.of() : net.stream().map(Network::parse).toList();
    }

    /** The type numbers, in order and without duplicates; empty when every type matches. */
    int[] types() {
        return type == null ? new int[0] : type.stream().mapToInt(AclMatch::typeValue).distinct().toArray();
    }

    /** The {@link Type} number of a type name (case-insensitive; {@code TYPE123} works too). */
    static int typeValue(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("type: a query type is null or empty");
        }
        int value = Type.value(name.trim().toUpperCase(Locale.ROOT));
        if (value < 0) {
            throw new IllegalArgumentException("type: unknown query type [" + name
                    + "]; write a type name such as A, AAAA, PTR, ANY, AXFR, IXFR, or TYPE<number>");
        }
        return value;
    }
}
