package org.awsdns.plugins.ec2.forward;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awsdns.plugins.ec2.Ec2Answer;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.awsdns.plugins.ec2.inventory.DnsNames;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.IndexView;
import org.awsdns.plugins.ec2.inventory.InventoryIndex;
import org.awsdns.plugins.ec2.inventory.ViewSpec;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The A and AAAA records of every named instance of one index, built once per index. */
public final class ForwardView implements IndexView {
    private final Map<Name, Entry> entries;
    private final int skipped;

    /**
     * @param key the value names come from ({@code tag:Name})
     * @param zone appended to every name
     * @param ttl of the records
     * @param publicAddress A records hold the public IPv4 instead of the primary private one
     */
    public record Spec(AttributeRef key, Name zone, long ttl, boolean publicAddress) implements ViewSpec<ForwardView> {
        public Spec {
            requireNonNull(key, "key is null");
            requireNonNull(zone, "zone is null");
        }

        @Override
        public ForwardView build(InventoryIndex index) {
            return new ForwardView(this, index);
        }
    }

    /**
     * One name.
     *
     * @param name the name, lower case
     * @param a its A records (one per instance with such an address)
     * @param aaaa its AAAA records (every IPv6 address of every interface)
     * @param any both
     * @param answer the instances, for txt-extra
     */
    public record Entry(Name name, List<Record> a, List<Record> aaaa, List<Record> any, Ec2Answer answer) {}

    private ForwardView(Spec spec, InventoryIndex index) {
        Map<Name, List<Ec2Instance>> byName = new LinkedHashMap<>();
        int skippedNames = 0;
        for (Ec2Instance instance : index.instances()) {
            String value = spec.key().valueOf(instance);
            if (value == null) {
                continue;
            }
            Name name = DnsNames.toName(value, spec.zone());
            if (name == null) {
                skippedNames++;
                continue;
            }
            byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(instance);
        }
        Map<Name, Entry> built = new HashMap<>(byName.size() * 2);
        for (Map.Entry<Name, List<Ec2Instance>> named : byName.entrySet()) {
            built.put(named.getKey(), entry(spec, named.getKey(), named.getValue()));
        }
        this.entries = Collections.unmodifiableMap(built);
        this.skipped = skippedNames;
    }

    private static Entry entry(Spec spec, Name name, List<Ec2Instance> instances) {
        Set<InetAddress> ipv4 = new LinkedHashSet<>();
        Set<InetAddress> ipv6 = new LinkedHashSet<>();
        for (Ec2Instance instance : instances) {
            InetAddress address = spec.publicAddress() ? instance.primaryPublicIpv4() : instance.primaryPrivateIpv4();
            if (address instanceof Inet4Address) {
                ipv4.add(address);
            }
            for (InetAddress v6 : instance.ipv6()) {
                if (v6 instanceof Inet6Address) {
                    ipv6.add(v6);
                }
            }
        }
        List<Record> a = new ArrayList<>(ipv4.size());
        for (InetAddress address : ipv4) {
            a.add(new ARecord(name, DClass.IN, spec.ttl(), address));
        }
        List<Record> aaaa = new ArrayList<>(ipv6.size());
        for (InetAddress address : ipv6) {
            aaaa.add(new AAAARecord(name, DClass.IN, spec.ttl(), address));
        }
        List<Record> any = new ArrayList<>(a.size() + aaaa.size());
        any.addAll(a);
        any.addAll(aaaa);
        return new Entry(name, List.copyOf(a), List.copyOf(aaaa), List.copyOf(any), new Ec2Answer(name, instances));
    }

    /** The entry for {@code name} (any case), or {@code null}. */
    public Entry get(Name name) {
        return entries.get(name);
    }

    public int size() {
        return entries.size();
    }

    @Override
    public int skippedNames() {
        return skipped;
    }
}
