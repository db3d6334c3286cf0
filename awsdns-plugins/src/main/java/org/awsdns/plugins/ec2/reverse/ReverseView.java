package org.awsdns.plugins.ec2.reverse;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.core.WireAnswer;
import org.awsdns.plugins.ec2.Ec2Answer;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.IndexView;
import org.awsdns.plugins.ec2.inventory.InventoryIndex;
import org.awsdns.plugins.ec2.inventory.NameTable;
import org.awsdns.plugins.ec2.inventory.NamesView;
import org.awsdns.plugins.ec2.inventory.ViewSpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The PTR records of every address of every named instance of one index, built once per index. */
public final class ReverseView implements IndexView {
    private final NameTable<Entry> entries;
    private final int skipped;

    /**
     * @param publicAddresses index the public IPv4 addresses instead of every private address
     * @param name the value the target names come from ({@code tag:Name})
     * @param zone appended to the target names
     * @param ttl of the records
     */
    public record Spec(boolean publicAddresses, AttributeRef name, Name zone, long ttl)
            implements ViewSpec<ReverseView> {
        public Spec {
            requireNonNull(name, "name is null");
            requireNonNull(zone, "zone is null");
        }

        @Override
        public ReverseView build(InventoryIndex index) {
            return new ReverseView(this, index);
        }
    }

    /**
     * One reverse name: the names it points to (several when instances share an address) and its
     * instances. The PTR records are made from them when asked, not kept: a query is answered from
     * {@link #wire}, encoded on the address's first query.
     */
    public static final class Entry implements Ec2Answer {
        private final Name name;
        /** The target name, or a list when instances of different names share the address. */
        private final Object targets;
        /** The instance, or a list when several share the address: most addresses have one. */
        private final Object owners;
        private final long ttl;
        /** The PTR answer as wire bytes, encoded on its first query. */
        private volatile WireAnswer wire;

        Entry(Name name, Object targets, Object owners, long ttl) {
            this.name = name;
            this.targets = targets;
            this.owners = owners;
            this.ttl = ttl;
        }

        /** The {@code in-addr.arpa.} or {@code ip6.arpa.} name. */
        public Name name() {
            return name;
        }

        /** The PTR records, one per target name. */
        @SuppressWarnings("unchecked")
        public List<Record> ptr() {
            if (targets instanceof Name one) {
                return List.of(new PTRRecord(name, DClass.IN, ttl, one));
            }
            List<Name> names = (List<Name>) targets;
            Record[] ptr = new Record[names.size()];
            for (int i = 0; i < ptr.length; i++) {
                ptr[i] = new PTRRecord(name, DClass.IN, ttl, names.get(i));
            }
            return List.of(ptr);
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
            return owners instanceof Ec2Instance one ? List.of(one) : (List<Ec2Instance>) owners;
        }

        /** The authoritative answer to a PTR query for this name as wire bytes, encoded on first use. */
        public WireAnswer wire() {
            WireAnswer current = wire;
            if (current == null) {
                current = WireAnswer.encode(Record.newRecord(name, Type.PTR, DClass.IN), Rcode.NOERROR, true, false,
                        ptr(), List.of(), List.of());
                wire = current;
            }
            return current;
        }
    }

    /** The targets and owners of one reverse name shared by instances, while the view is built. */
    private static final class Shared {
        private final List<Name> targets = new ArrayList<>(2);
        private final List<Ec2Instance> owners = new ArrayList<>(2);

        void add(Name target, Ec2Instance owner) {
            if (!targets.contains(target)) {
                targets.add(target);
            }
            if (!owners.contains(owner)) {
                owners.add(owner);
            }
        }
    }

    private ReverseView(Spec spec, InventoryIndex index) {
        NamesView names = index.view(new NamesView.Spec(spec.name(), spec.zone()));
        List<Ec2Instance> instances = index.instances();
        int addresses = 0;
        for (Ec2Instance instance : instances) {
            addresses += spec.publicAddresses() ? instance.publicIpv4().size()
                    : instance.privateIpv4().size() + instance.ipv6().size();
        }
        // straight into the table: an address holds its entry, the common case, until a second
        // instance comes (then a Shared, made an entry at the end)
        NameTable.Builder<Object> byAddress = new NameTable.Builder<>(addresses);
        ReverseView before = index.previousView(spec);
        int skippedNames = 0;
        for (int i = 0; i < instances.size(); i++) {
            Ec2Instance instance = instances.get(i);
            Name target = names.name(i);
            if (target == null) {
                if (spec.name().valueOf(instance) != null) {
                    skippedNames++;
                }
                continue;
            }
            for (InetAddress address : addresses(spec, instance)) {
                Name reverse = ReverseNames.of(address);
                Entry made = unchanged(before, reverse, target, instance, spec.ttl());
                if (made == null) {
                    made = new Entry(reverse, target, instance, spec.ttl());
                }
                // keyed by the entry's own name: a reused entry's, not a second copy of it
                Object previous = byAddress.putIfAbsent(made.name, made);
                if (previous != null) {
                    Shared shared;
                    if (previous instanceof Entry first) {
                        shared = new Shared();
                        shared.add((Name) first.targets, (Ec2Instance) first.owners);
                        byAddress.put(reverse, shared);
                    } else {
                        shared = (Shared) previous;
                    }
                    shared.add(target, instance);
                }
            }
        }
        this.entries = byAddress.build((reverse, value) -> entry(spec, reverse, value));
        this.skipped = skippedNames;
    }

    /**
     * The previous index's entry for {@code reverse} when it is this instance's alone, with the
     * same target name (the instance object unchanged since, see {@code KnownInstances}): the
     * entry and the answer it encoded are kept. {@code null} otherwise, and for an address
     * instances share (rare: those entries are made anew).
     */
    private static Entry unchanged(ReverseView before, Name reverse, Name target, Ec2Instance instance, long ttl) {
        Entry old = before == null ? null : before.entries.get(reverse);
        if (old != null && old.owners == instance && old.ttl == ttl && old.targets.equals(target)) {
            return old;
        }
        return null;
    }

    private static List<InetAddress> addresses(Spec spec, Ec2Instance instance) {
        return spec.publicAddresses() ? instance.publicIpv4() : instance.privateAddresses();
    }

    private static Entry entry(Spec spec, Name reverse, Object value) {
        if (value instanceof Entry one) {
            return one;
        }
        Shared shared = (Shared) value;
        Object targets = shared.targets.size() == 1 ? shared.targets.get(0) : List.copyOf(shared.targets);
        Object owners = shared.owners.size() == 1 ? shared.owners.get(0) : List.copyOf(shared.owners);
        return new Entry(reverse, targets, owners, spec.ttl());
    }

    /** The entry for the reverse {@code name} (any case), or {@code null}. */
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
