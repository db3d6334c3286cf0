package org.awsdns.plugins.ec2.inventory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one targeted lookup asks for: extra DescribeInstances filters, ANDed with the configured
 * ones. Equal keys share one call and one remembered result.
 */
public record MissKey(Map<String, List<String>> filters) {
    static final String ANY_PRIVATE_IPV4 = "network-interface.addresses.private-ip-address";
    static final String ANY_IPV6 = "network-interface.ipv6-addresses.ipv6-address";
    static final String PUBLIC_IPV4 = "ip-address";

    public MissKey {
        filters = Map.copyOf(filters);
    }

    /**
     * The lookup for instances whose {@code key} normalises to {@code relativeName}, or {@code null}
     * when the key has no filter. For a tag the values are the name itself and, when it holds
     * dashes, the name with each dash a one-character wildcard (so {@code web-1} also finds
     * {@code web 1} and {@code web_1}); tag values with capitals are found by the next refresh.
     */
    public static MissKey forName(AttributeRef key, String relativeName) {
        String filter = key.filterName();
        if (filter == null) {
            return null;
        }
        List<String> values = relativeName.indexOf('-') >= 0 && key.isTag()
                ? List.of(relativeName, relativeName.replace('-', '?'))
                : List.of(relativeName);
        Map<String, List<String>> filters = new LinkedHashMap<>();
        filters.put(filter, values);
        return new MissKey(filters);
    }

    /** The lookup for the instance holding {@code address}, private (any interface) or public. */
    public static MissKey forAddress(InetAddress address, boolean publicAddress) {
        String filter;
        if (publicAddress) {
            if (!(address instanceof Inet4Address)) {
                return null;
            }
            filter = PUBLIC_IPV4;
        } else {
            filter = address instanceof Inet4Address ? ANY_PRIVATE_IPV4 : ANY_IPV6;
        }
        return new MissKey(Map.of(filter, List.of(Addresses.toText(address))));
    }
}
