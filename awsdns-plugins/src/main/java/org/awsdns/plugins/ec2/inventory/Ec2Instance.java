package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
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
        // compact immutable copies: with 100,000 instances an EnumMap and a LinkedHashMap each weighed
        attributes = CompactMaps.Attributes.copyOf(attributes);
        tags = CompactMaps.Strings.copyOf(tags);
        privateIpv4 = List.copyOf(privateIpv4);
        ipv6 = List.copyOf(ipv6);
        publicIpv4 = List.copyOf(publicIpv4);
    }

    public String attribute(InstanceAttribute attribute) {
        return ((CompactMaps.Attributes) attributes).get(attribute);
    }

    public String state() {
        return attribute(InstanceAttribute.STATE);
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

    /**
     * Collects an instance's values from either source. With a {@link StringPool} (one per load),
     * the values that repeat over instances are kept once.
     */
    static final class Builder {
        /** Attributes unique to (almost) every instance: not worth pooling. */
        private static final Set<InstanceAttribute> UNIQUE = EnumSet.of(InstanceAttribute.ID,
                InstanceAttribute.PRIVATE_IP_ADDRESS, InstanceAttribute.IP_ADDRESS, InstanceAttribute.IPV6_ADDRESS,
                InstanceAttribute.PRIVATE_DNS_NAME, InstanceAttribute.PUBLIC_DNS_NAME, InstanceAttribute.LAUNCH_TIME,
                InstanceAttribute.SPOT_INSTANCE_REQUEST_ID);
        /** The tag whose values are (almost) unique. */
        private static final String NAME_TAG = "Name";

        private final StringPool pool;
        private static final InstanceAttribute[] ALL = InstanceAttribute.values();
        /** By ordinal. */
        private final String[] attributes = new String[ALL.length];
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<InetAddress> privateIpv4 = new ArrayList<>(2);
        private final List<InetAddress> ipv6 = new ArrayList<>(1);
        private final List<InetAddress> publicIpv4 = new ArrayList<>(1);

        Builder() {
            this(null);
        }

        Builder(StringPool pool) {
            this.pool = pool;
        }

        Builder attribute(InstanceAttribute attribute, String value) {
            if (value != null) {
                attributes[attribute.ordinal()] = pool == null || UNIQUE.contains(attribute) ? value : pool.intern(value);
            }
            return this;
        }

        Builder tag(String key, String value) {
            if (key != null && value != null) {
                if (pool != null) {
                    key = pool.intern(key);
                    if (!NAME_TAG.equals(key)) {
                        value = pool.intern(value);
                    }
                }
                tags.put(key, value);
            }
            return this;
        }

        Builder privateIpv4(String address) {
            add(privateIpv4, Addresses.parseIpv4(address));
            return this;
        }

        Builder ipv6(String address) {
            add(ipv6, Addresses.parseIpv6(address));
            return this;
        }

        Builder publicIpv4(String address) {
            add(publicIpv4, Addresses.parseIpv4(address));
            return this;
        }

        private static void add(List<InetAddress> list, InetAddress address) {
            if (address != null && !list.contains(address)) {
                list.add(address);
            }
        }

        /** The instance, or {@code null} when it has no ID. */
        Ec2Instance build() {
            String id = attributes[InstanceAttribute.ID.ordinal()];
            if (id == null) {
                return null;
            }
            return new Ec2Instance(id, CompactMaps.Attributes.ofOrdinals(attributes, InstanceAttribute.PRIVATE_IP_ADDRESS,
                    privateIpv4.isEmpty() ? null : privateIpv4.get(0)), tags, privateIpv4, ipv6, publicIpv4);
        }
    }
}
