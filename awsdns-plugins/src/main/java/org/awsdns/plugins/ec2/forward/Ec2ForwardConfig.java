package org.awsdns.plugins.ec2.forward;

import java.util.Locale;
import org.awsdns.plugins.ec2.Ec2Settings;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.xbill.DNS.Name;

/**
 * {@code ec2-forward}: A and AAAA records for instance names.
 *
 * @param inventory the inventory's name under {@code inventories:} (required)
 * @param key the value names come from: {@code tag:KEY} or an attribute (default {@code tag:Name})
 * @param zone appended to every name; {@code .} answers bare names (required)
 * @param ttl of the records, seconds (default 60)
 * @param address {@code private} (the primary private IPv4, default) or {@code public}
 */
public record Ec2ForwardConfig(String inventory, String key, String zone, Long ttl, String address) {
    public static final long DEFAULT_TTL = Ec2Settings.DEFAULT_TTL;

    public Ec2ForwardConfig {
        if (inventory == null || inventory.isBlank()) {
            throw new IllegalArgumentException("ec2-forward: inventory is required");
        }
        key = key == null ? "tag:Name" : key;
        AttributeRef.parse(key);
        if (zone == null || zone.isBlank()) {
            throw new IllegalArgumentException("ec2-forward: zone is required (use \".\" for bare names)");
        }
        Ec2Settings.parseZone(zone, "ec2-forward");
        ttl = Ec2Settings.checkTtl(ttl, "ec2-forward");
        address = address == null ? "private" : address.toLowerCase(Locale.ROOT);
        if (!address.equals("private") && !address.equals("public")) {
            throw new IllegalArgumentException("ec2-forward: address must be private or public, got '" + address + "'");
        }
    }

    public AttributeRef keyRef() {
        return AttributeRef.parse(key);
    }

    public Name zoneName() {
        return Ec2Settings.parseZone(zone, "ec2-forward");
    }

    public boolean publicAddress() {
        return address.equals("public");
    }
}
