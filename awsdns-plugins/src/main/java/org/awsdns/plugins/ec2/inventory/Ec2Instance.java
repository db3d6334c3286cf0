package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One EC2 instance as the inventory keeps it, whatever the source (the API or a file).
 * Immutable.
 *
 * @param id the instance ID
 * @param attributes the scalar attributes present on the instance
 * @param tags the tags, key to value
 * @param privateIpv4 every private IPv4 address of every interface, the primary one first
 * @param ipv6 every IPv6 address of every interface
 * @param publicIpv4 the public IPv4 addresses (the instance's own first, then the interfaces')
 */
public record Ec2Instance(
        String id,
        Map<InstanceAttribute, String> attributes,
        Map<String, String> tags,
        List<InetAddress> privateIpv4,
        List<InetAddress> ipv6,
        List<InetAddress> publicIpv4) {

    public Ec2Instance {
        requireNonNull(id, "id is null");
        Map<InstanceAttribute, String> copy = new EnumMap<>(InstanceAttribute.class);
        copy.putAll(attributes);
        attributes = Collections.unmodifiableMap(copy);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        privateIpv4 = List.copyOf(privateIpv4);
        ipv6 = List.copyOf(ipv6);
        publicIpv4 = List.copyOf(publicIpv4);
    }

    public String attribute(InstanceAttribute attribute) {
        return attributes.get(attribute);
    }

    public String state() {
        return attributes.get(InstanceAttribute.STATE);
    }

    /** The primary private IPv4 address, or {@code null}. */
    public InetAddress primaryPrivateIpv4() {
        return privateIpv4.isEmpty() ? null : privateIpv4.get(0);
    }

    /** The instance's public IPv4 address, or {@code null}. */
    public InetAddress primaryPublicIpv4() {
        return publicIpv4.isEmpty() ? null : publicIpv4.get(0);
    }

    /** Every private address, IPv4 then IPv6. */
    public List<InetAddress> privateAddresses() {
        List<InetAddress> all = new ArrayList<>(privateIpv4.size() + ipv6.size());
        all.addAll(privateIpv4);
        all.addAll(ipv6);
        return all;
    }

    /** Collects an instance's values from either source. */
    static final class Builder {
        private final Map<InstanceAttribute, String> attributes = new EnumMap<>(InstanceAttribute.class);
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final Set<InetAddress> privateIpv4 = new LinkedHashSet<>();
        private final Set<InetAddress> ipv6 = new LinkedHashSet<>();
        private final Set<InetAddress> publicIpv4 = new LinkedHashSet<>();

        Builder attribute(InstanceAttribute attribute, String value) {
            if (value != null) {
                attributes.put(attribute, value);
            }
            return this;
        }

        Builder tag(String key, String value) {
            if (key != null && value != null) {
                tags.put(key, value);
            }
            return this;
        }

        Builder privateIpv4(String address) {
            InetAddress parsed = Addresses.parseIpv4(address);
            if (parsed != null) {
                privateIpv4.add(parsed);
            }
            return this;
        }

        Builder ipv6(String address) {
            InetAddress parsed = Addresses.parseIpv6(address);
            if (parsed != null) {
                ipv6.add(parsed);
            }
            return this;
        }

        Builder publicIpv4(String address) {
            InetAddress parsed = Addresses.parseIpv4(address);
            if (parsed != null) {
                publicIpv4.add(parsed);
            }
            return this;
        }

        /** The instance, or {@code null} when it has no ID. */
        Ec2Instance build() {
            String id = attributes.get(InstanceAttribute.ID);
            if (id == null) {
                return null;
            }
            return new Ec2Instance(id, attributes, tags, new ArrayList<>(privateIpv4), new ArrayList<>(ipv6),
                    new ArrayList<>(publicIpv4));
        }
    }
}
