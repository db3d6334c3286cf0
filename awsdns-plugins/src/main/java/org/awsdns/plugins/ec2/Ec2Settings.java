package org.awsdns.plugins.ec2;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Settings the EC2 plugins (ec2-forward, ec2-reverse, txt-extra) read alike. */
public final class Ec2Settings {
    /** The TTL of EC2 records when the config gives none, seconds. */
    public static final long DEFAULT_TTL = 60;

    private Ec2Settings() {}

    /** Parses an absolute zone name ({@code demo.internal} and {@code demo.internal.} alike). */
    public static Name parseZone(String zone, String plugin) {
        try {
            return Name.fromString(zone.trim(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(plugin + ": zone '" + zone + "' is not a DNS name: " + e.getMessage(), e);
        }
    }

    /** The TTL, default 60, within 0..2^31-1. */
    public static long checkTtl(Long ttl, String plugin) {
        if (ttl == null) {
            return DEFAULT_TTL;
        }
        if (ttl < 0 || ttl > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(plugin + ": ttl must be between 0 and 2147483647 seconds, got " + ttl);
        }
        return ttl;
    }
}
