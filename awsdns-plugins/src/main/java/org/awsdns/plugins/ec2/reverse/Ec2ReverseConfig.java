package org.awsdns.plugins.ec2.reverse;

import org.awsdns.plugins.ec2.Ec2Settings;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.awsdns.plugins.ec2.inventory.InstanceAttribute;
import org.xbill.DNS.Name;

/**
 * {@code ec2-reverse}: PTR records for instance addresses.
 *
 * @param inventory the inventory's name under {@code inventories:} (required)
 * @param key which addresses: {@code private_ip_address} (every private IPv4 and IPv6 address of
 *     every interface, default) or {@code ip_address} (public IPv4)
 * @param name the value target names come from (default {@code tag:Name})
 * @param zone appended to target names, as ec2-forward's zone (required)
 * @param ttl of the records, seconds (default 60)
 */
public record Ec2ReverseConfig(String inventory, String key, String name, String zone, Long ttl) {
    public Ec2ReverseConfig {
        if (inventory == null || inventory.isBlank()) {
            throw new IllegalArgumentException("ec2-reverse: inventory is required");
        }
        key = key == null ? InstanceAttribute.PRIVATE_IP_ADDRESS.ancestorName() : key;
        AttributeRef keyRef = AttributeRef.parse(key);
        if (keyRef.isTag() || (keyRef.attribute() != InstanceAttribute.PRIVATE_IP_ADDRESS
                && keyRef.attribute() != InstanceAttribute.IP_ADDRESS)) {
            throw new IllegalArgumentException("ec2-reverse: key must be one of [private_ip_address, ip_address]"
                    + " (or PrivateIpAddress, PublicIpAddress), got '" + key + "'");
        }
        name = name == null ? "tag:Name" : name;
        AttributeRef.parse(name);
        if (zone == null || zone.isBlank()) {
            throw new IllegalArgumentException("ec2-reverse: zone is required (the zone ec2-forward answers)");
        }
        Ec2Settings.parseZone(zone, "ec2-reverse");
        ttl = Ec2Settings.checkTtl(ttl, "ec2-reverse");
    }

    public boolean publicAddresses() {
        return AttributeRef.parse(key).attribute() == InstanceAttribute.IP_ADDRESS;
    }

    public AttributeRef nameRef() {
        return AttributeRef.parse(name);
    }

    public Name zoneName() {
        return Ec2Settings.parseZone(zone, "ec2-reverse");
    }
}
