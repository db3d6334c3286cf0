package org.awsdns.plugins.ec2.reverse;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** One reverse name: its PTR records (several when instances share an address) and its instances. */
    public static final class Entry implements Ec2Answer {
        private final List<Record> ptr;
        /** The instance, or a list when several share the address: most addresses have one. */
        private final Object owners;
        /** The PTR answer as wire bytes, encoded on its first query. */
        private volatile WireAnswer wire;

        Entry(List<Record> ptr, Object owners) {
            this.ptr = ptr;
            this.owners = owners;
        }

        /** The {@code in-addr.arpa.} or {@code ip6.arpa.} name. */
        public Name name() {
            return ptr.get(0).getName();
        }

        public List<Record> ptr() {
            return ptr;
        }

        /** The instances, for txt-extra: the entry itself. */
        public Ec2Answer answer() {
            return this;
        }

        @Override
        public Name owner() {
            return name();
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
                current = WireAnswer.encode(Record.newRecord(name(), Type.PTR, DClass.IN), Rcode.NOERROR, true, false,
                        ptr, List.of(), List.of());
                wire = current;
            }
            return current;
        }
    }

    /** The targets and owners of one reverse name while the view is built. */
    private static final class Pending {
        private final List<Name> targets = new ArrayList<>(1);
        private final List<Ec2Instance> owners = new ArrayList<>(1);

        void add(Name target, Ec2Instance owner) {
            if (!targets.contains(target)) {
                targets.add(target);
            }
            if (!owners.contains(owner)) {
                owners.add(owner);
            }
        }
    }

    /** The one target and owner of a reverse name, the common case, until a second comes. */
    private record Single(Name target, Ec2Instance owner) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ReverseView(Spec spec, InventoryIndex index) {
        Map<Name, Object> pending = new HashMap<>(capacity(index.size()));
        int skippedNames = 0;
        NamesView names = index.view(new NamesView.Spec(spec.name(), spec.zone()));
        List<Ec2Instance> instances = index.instances();
        for (int i = 0; i < instances.size(); i++) {
            Ec2Instance instance = instances.get(i);
            Name target = names.name(i);
            if (target == null) {
                if (spec.name().valueOf(instance) != null) {
                    skippedNames++;
                }
                continue;
            }
            List<InetAddress> addresses = spec.publicAddresses() ? instance.publicIpv4() : instance.privateAddresses();
            for (InetAddress address : addresses) {
                Name reverse = ReverseNames.of(address);
                Object previous = pending.putIfAbsent(reverse, new Single(target, instance));
                if (previous != null) {
                    Pending many;
                    if (previous instanceof Single single) {
                        many = new Pending();
                        many.add(single.target(), single.owner());
                        pending.put(reverse, many);
                    } else {
                        many = (Pending) previous;
                    }
                    many.add(target, instance);
                }
            }
        }
        // in place: the map's values become the entries
        pending.replaceAll((reverse, value) -> entry(spec, reverse, value));
        this.entries = new NameTable<>((Map<Name, Entry>) (Map) pending);
        this.skipped = skippedNames;
    }

    private static Entry entry(Spec spec, Name reverse, Object value) {
        if (value instanceof Single single) {
            return new Entry(List.of(new PTRRecord(reverse, DClass.IN, spec.ttl(), single.target())), single.owner());
        }
        Pending many = (Pending) value;
        Record[] ptr = new Record[many.targets.size()];
        for (int i = 0; i < ptr.length; i++) {
            ptr[i] = new PTRRecord(reverse, DClass.IN, spec.ttl(), many.targets.get(i));
        }
        return new Entry(List.of(ptr), many.owners.size() == 1 ? many.owners.get(0) : List.copyOf(many.owners));
    }

    private static int capacity(int size) {
        return (int) Math.min(1 << 30, size * 4L / 3 + 1);
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
