package org.awsdns.plugins.soa;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The {@code soa} plugin's settings. Times are whole seconds.
 *
 * <pre>{@code
 * - soa: {zone: demo.internal., mname: ns1.demo.internal., rname: hostmaster.demo.internal.,
 *         ttl: 3600, minimum: 60, always: false}
 * }</pre>
 *
 * @param zone the zone whose SOA this is
 * @param mname the primary name server (also the answer to {@code NS} at the apex)
 * @param rname the mailbox of the person responsible, as a name ({@code hostmaster.demo.internal.})
 * @param ttl the SOA record's TTL
 * @param minimum the SOA MINIMUM field: how long resolvers cache negative answers (RFC 2308)
 * @param serial a fixed serial; absent: the inventory's last change time, or else the start time
 *     (UNIX seconds)
 * @param refresh the SOA REFRESH field
 * @param retry the SOA RETRY field
 * @param expire the SOA EXPIRE field
 * @param always add the SOA to the authority section of every answer in the zone, not only
 *     negative ones
 * @param inventory the name of a shared resource whose last change time gives the serial
 */
public record SoaConfig(
        String zone,
        String mname,
        String rname,
        Long ttl,
        Long minimum,
        Long serial,
        Long refresh,
        Long retry,
        Long expire,
        Boolean always,
        String inventory) {

    static final long DEFAULT_TTL = 3600;
    static final long DEFAULT_MINIMUM = 60;
    static final long DEFAULT_REFRESH = 7200;
    static final long DEFAULT_RETRY = 1800;
    static final long DEFAULT_EXPIRE = 1_209_600;
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    public SoaConfig {
        parseName("zone", zone);
        parseName("mname", mname);
        if (rname != null && rname.contains("@")) {
            throw new IllegalArgumentException("rname is written as a name, hostmaster.demo.internal. for hostmaster@demo.internal, got [" + rname + "]");
        }
        parseName("rname", rname);
        ttl = uint32("ttl", ttl, DEFAULT_TTL);
        minimum = uint32("minimum", minimum, DEFAULT_MINIMUM);
        if (serial != null) {
            uint32("serial", serial, 0);
        }
        refresh = uint32("refresh", refresh, DEFAULT_REFRESH);
        retry = uint32("retry", retry, DEFAULT_RETRY);
        expire = uint32("expire", expire, DEFAULT_EXPIRE);
        always = always != null && always;
        if (inventory != null && inventory.isBlank()) {
            throw new IllegalArgumentException("inventory must name a shared resource, got an empty name");
        }
        if (inventory != null && serial != null) {
            throw new IllegalArgumentException("give either serial or inventory, not both");
        }
    }

    public Name zoneName() {
        return parseName("zone", zone);
    }

    public Name mnameName() {
        return parseName("mname", mname);
    }

    public Name rnameName() {
        return parseName("rname", rname);
    }

    private static Name parseName(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("soa needs '" + key + "'");
        }
        try {
            return Name.fromString(value.trim(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid " + key + " [" + value + "]: " + e.getMessage(), e);
        }
    }

    private static long uint32(String key, Long value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 0 || value > MAX_UINT32) {
            throw new IllegalArgumentException(key + " must be between 0 and " + MAX_UINT32 + ", got " + value);
        }
        return value;
    }
}
