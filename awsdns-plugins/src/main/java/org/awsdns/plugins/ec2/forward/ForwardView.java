package org.awsdns.plugins.ec2.forward;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awsdns.core.WireAnswer;
import org.awsdns.plugins.ec2.Ec2Answer;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.IndexView;
import org.awsdns.plugins.ec2.inventory.InventoryIndex;
import org.awsdns.plugins.ec2.inventory.NameTable;
import org.awsdns.plugins.ec2.inventory.NamesView;
import org.awsdns.plugins.ec2.inventory.ViewSpec;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The A and AAAA records of every named instance of one index, built once per index. */
public final class ForwardView implements IndexView {
    private final NameTable<Entry> entries;
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
     * One name: its A records (one per instance with such an address), AAAA records (every IPv6
     * address of every interface), both, and its instances. The A and AAAA answers are encoded as
     * wire bytes on their first query, so only names asked for cost the memory.
     */
    public static final class Entry implements Ec2Answer {
        private final Name name;
        private final List<Record> a;
        private final List<Record> aaaa;
        private final List<Record> any;
        /** The instance, or a list when several share the name: most names have one. */
        private final Object instances;
        private volatile WireAnswer aWire;
        private volatile WireAnswer aaaaWire;

        Entry(Name name, List<Record> a, List<Record> aaaa, List<Record> any, Object instances) {
            this.name = name;
            this.a = a;
            this.aaaa = aaaa;
            this.any = any;
            this.instances = instances;
        }

        /** The name, lower case. */
        public Name name() {
            return name;
        }

        public List<Record> a() {
            return a;
        }

        public List<Record> aaaa() {
            return aaaa;
        }

        public List<Record> any() {
            return any;
        }

        /** The instances, for txt-extra: the entry itself. */
        public Ec2Answer answer() {
            return this;
        }

        @Override
        public Name owner() {
            return name;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<Ec2Instance> instances() {
            return instances instanceof Ec2Instance one ? List.of(one) : (List<Ec2Instance>) instances;
        }

        /**
         * The authoritative answer to an A or AAAA query for this name as wire bytes, encoded on
         * first use; {@code null} for another type or when there is no such record.
         */
        public WireAnswer wire(int type) {
            if (type == Type.A && !a.isEmpty()) {
                WireAnswer wire = aWire;
                if (wire == null) {
                    wire = encode(Type.A, a);
                    aWire = wire;
                }
                return wire;
            }
            if (type == Type.AAAA && !aaaa.isEmpty()) {
                WireAnswer wire = aaaaWire;
                if (wire == null) {
                    wire = encode(Type.AAAA, aaaa);
                    aaaaWire = wire;
                }
                return wire;
            }
            return null;
        }

        private WireAnswer encode(int type, List<Record> records) {
            return WireAnswer.encode(Record.newRecord(name, type, DClass.IN), Rcode.NOERROR, true, false,
                    records, List.of(), List.of());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ForwardView(Spec spec, InventoryIndex index) {
        // one pass: most names belong to one instance, so the map holds the instance itself until a
        // second one comes (then a list)
        Map<Name, Object> byName = new HashMap<>(capacity(index.size()));
        int skippedNames = 0;
        NamesView names = index.view(new NamesView.Spec(spec.key(), spec.zone()));
        List<Ec2Instance> instances = index.instances();
        for (int i = 0; i < instances.size(); i++) {
            Ec2Instance instance = instances.get(i);
            Name name = names.name(i);
            if (name == null) {
                if (spec.key().valueOf(instance) != null) {
                    skippedNames++;
                }
                continue;
            }
            byName.merge(name, instance, ForwardView::more);
        }
        if (spec.key().isGroup()) {
            GroupNumbers.add(byName); // 1.web, 2.web, ...: one member of an Auto Scaling group
        }
        // in place: the map's values become the entries
        byName.replaceAll((name, value) -> entry(spec, name, instances(value)));
        this.entries = new NameTable<>((Map<Name, Entry>) (Map) byName);
        this.skipped = skippedNames;
    }

    static int capacity(int size) {
        return (int) Math.min(1 << 30, size * 4L / 3 + 1);
    }

    @SuppressWarnings("unchecked")
    private static Object more(Object previous, Object instance) {
        List<Ec2Instance> list;
        if (previous instanceof Ec2Instance one) {
            list = new ArrayList<>(2);
            list.add(one);
        } else {
            list = (List<Ec2Instance>) previous;
        }
        list.add((Ec2Instance) instance);
        return list;
    }

    @SuppressWarnings("unchecked")
    private static List<Ec2Instance> instances(Object value) {
        return value instanceof Ec2Instance one ? List.of(one) : (List<Ec2Instance>) value;
    }

    private static Entry entry(Spec spec, Name name, List<Ec2Instance> instances) {
        if (instances.size() == 1) {
            return single(spec, name, instances);
        }
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
        return entry(name, List.copyOf(a), List.copyOf(aaaa), instances);
    }

    /** The common case, one instance per name, without the sets. */
    private static Entry single(Spec spec, Name name, List<Ec2Instance> instances) {
        Ec2Instance instance = instances.get(0);
        InetAddress address = spec.publicAddress() ? instance.primaryPublicIpv4() : instance.primaryPrivateIpv4();
        List<Record> a = address instanceof Inet4Address
                ? List.of(new ARecord(name, DClass.IN, spec.ttl(), address)) : List.of();
        List<Record> aaaa;
        if (instance.ipv6().isEmpty()) {
            aaaa = List.of();
        } else {
            List<Record> list = new ArrayList<>(instance.ipv6().size());
            for (InetAddress v6 : instance.ipv6()) { // distinct already
                if (v6 instanceof Inet6Address) {
                    list.add(new AAAARecord(name, DClass.IN, spec.ttl(), v6));
                }
            }
            aaaa = List.copyOf(list);
        }
        return entry(name, a, aaaa, instances);
    }

    private static Entry entry(Name name, List<Record> a, List<Record> aaaa, List<Ec2Instance> instances) {
        List<Record> any;
        if (aaaa.isEmpty()) {
            any = a;
        } else if (a.isEmpty()) {
            any = aaaa;
        } else {
            List<Record> both = new ArrayList<>(a.size() + aaaa.size());
            both.addAll(a);
            both.addAll(aaaa);
            any = List.copyOf(both);
        }
        return new Entry(name, a, aaaa, any, instances.size() == 1 ? instances.get(0) : List.copyOf(instances));
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
