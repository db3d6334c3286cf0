package org.awsdns.plugins.ec2.forward;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
     * One name and its instances. Its A records (one per distinct address), AAAA records (every IPv6
     * address of every interface) and both are made from the instances when asked, not kept: a
     * query is answered from {@link #wire}, encoded on the name's first query, so only names asked
     * for cost more than this object (the records kept for every name were ~70 bytes a name).
     */
    public static final class Entry implements Ec2Answer {
        /** Asked once and found no record of the type: not made again on every query. */
        private static final Object NO_RECORDS = new Object();
        private final Name name;
        /** The instance, or a list when several share the name: most names have one. */
        private final Object instances;
        private final Spec spec;
        /** The A answer, encoded on first use, or {@link #NO_RECORDS}. */
        private volatile Object aWire;
        /** The AAAA answer, encoded on first use, or {@link #NO_RECORDS}. */
        private volatile Object aaaaWire;

        Entry(Name name, Object instances, Spec spec) {
            this.name = name;
            this.instances = instances;
            this.spec = spec;
        }

        /** The name, lower case. */
        public Name name() {
            return name;
        }

        /**
         * The records of a query of {@code type}: A, AAAA, or ANY (the A records, then the AAAA
         * records); none for another type, or for a type whose answer was found to have none.
         */
        public List<Record> records(int type) {
            return switch (type) {
                case Type.A, Type.AAAA -> wireField(type) == NO_RECORDS ? List.of() : addressRecords(type);
                case Type.ANY -> {
                    List<Record> both = new ArrayList<>(addressRecords(Type.A));
                    both.addAll(addressRecords(Type.AAAA));
                    yield List.copyOf(both);
                }
                default -> List.of();
            };
        }

        /**
         * One A record per distinct primary IPv4 address of the instances (the public one with
         * {@code public_address}), or one AAAA record per distinct IPv6 address of any of their
         * interfaces, in the instances' order.
         */
        private List<Record> addressRecords(int type) {
            Set<InetAddress> distinct = new LinkedHashSet<>();
            for (Ec2Instance instance : instances()) {
                if (type == Type.A) {
                    InetAddress address = spec.publicAddress() ? instance.primaryPublicIpv4() : instance.primaryPrivateIpv4();
                    if (address instanceof Inet4Address) {
                        distinct.add(address);
                    }
                } else {
                    for (InetAddress address : instance.ipv6()) {
                        if (address instanceof Inet6Address) {
                            distinct.add(address);
                        }
                    }
                }
            }
            Record[] records = new Record[distinct.size()];
            int i = 0;
            for (InetAddress address : distinct) {
                records[i++] = type == Type.A ? new ARecord(name, DClass.IN, spec.ttl(), address)
                        : new AAAARecord(name, DClass.IN, spec.ttl(), address);
            }
            return List.of(records);
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
            if (type != Type.A && type != Type.AAAA) {
                return null;
            }
            Object wire = wireField(type);
            if (wire == null) {
                List<Record> records = addressRecords(type);
                wire = records.isEmpty() ? NO_RECORDS : WireAnswer.encode(Record.newRecord(name, type, DClass.IN),
                        Rcode.NOERROR, true, false, records, List.of(), List.of());
                if (type == Type.A) {
                    aWire = wire;
                } else {
                    aaaaWire = wire;
                }
            }
            return wire == NO_RECORDS ? null : (WireAnswer) wire;
        }

        private Object wireField(int type) {
            return type == Type.A ? aWire : aaaaWire;
        }
    }

    private ForwardView(Spec spec, InventoryIndex index) {
        // one pass, straight into the table: most names belong to one instance, so a name holds the
        // instance itself until a second one comes (then a list)
        boolean groups = spec.key().isGroup();
        NameTable.Builder<Object> byName = new NameTable.Builder<>(groups ? 2 * index.size() : index.size());
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
            Object previous = byName.putIfAbsent(name, instance);
            if (previous != null) {
                byName.put(name, more(previous, instance));
            }
        }
        if (groups) {
            GroupNumbers.add(byName); // 1.web, 2.web, ...: one member of an Auto Scaling group
        }
        ForwardView before = index.previousView(spec);
        this.entries = byName.build((name, value) -> entry(before, name, frozen(value), spec));
        this.skipped = skippedNames;
    }

    /**
     * The previous index's entry when it has this very name object (the names view reuses the
     * name of an unchanged instance, so the table keeps one copy) and the same instance objects
     * (unchanged since, see {@code KnownInstances}): an entry is made from nothing else, and it
     * keeps the answers it encoded. A new entry otherwise.
     */
    private static Entry entry(ForwardView before, Name name, Object instances, Spec spec) {
        Entry old = before == null ? null : before.entries.get(name);
        if (old != null && old.name == name && sameObjects(old.instances, instances)) {
            return old;
        }
        return new Entry(name, instances, spec);
    }

    /** One instance, or lists of instances in the same order: the same objects, not only equal ones. */
    private static boolean sameObjects(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (!(a instanceof List<?> left) || !(b instanceof List<?> right) || left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (left.get(i) != right.get(i)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Object more(Object previous, Ec2Instance instance) {
        List<Ec2Instance> list;
        if (previous instanceof Ec2Instance one) {
            list = new ArrayList<>(2);
            list.add(one);
        } else {
            list = (List<Ec2Instance>) previous;
        }
        list.add(instance);
        return list;
    }

    /** One instance as it is, several as an immutable list. */
    @SuppressWarnings("unchecked")
    private static Object frozen(Object value) {
        return value instanceof Ec2Instance ? value : List.copyOf((List<Ec2Instance>) value);
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
