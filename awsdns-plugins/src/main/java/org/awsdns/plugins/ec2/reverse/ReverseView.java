package org.awsdns.plugins.ec2.reverse;

import static java.util.Objects.requireNonNull;

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
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;

/** The PTR records of every address of every named instance of one index, built once per index. */
public final class ReverseView implements IndexView {
    private final Map<Name, Entry> entries;
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
     * One reverse name.
     *
     * @param name the {@code in-addr.arpa.} or {@code ip6.arpa.} name
     * @param ptr its PTR records (several when instances share an address)
     * @param answer the instances, for txt-extra
     */
    public record Entry(Name name, List<Record> ptr, Ec2Answer answer) {}

    private ReverseView(Spec spec, InventoryIndex index) {
        Map<Name, Set<Name>> targets = new LinkedHashMap<>();
        Map<Name, List<Ec2Instance>> owners = new HashMap<>();
        int skippedNames = 0;
        for (Ec2Instance instance : index.instances()) {
            String value = spec.name().valueOf(instance);
            if (value == null) {
                continue;
            }
            Name target = DnsNames.toName(value, spec.zone());
            if (target == null) {
                skippedNames++;
                continue;
            }
            List<InetAddress> addresses = spec.publicAddresses() ? instance.publicIpv4() : instance.privateAddresses();
            for (InetAddress address : addresses) {
                Name reverse = ReverseMap.fromAddress(address);
                targets.computeIfAbsent(reverse, r -> new LinkedHashSet<>(2)).add(target);
                List<Ec2Instance> list = owners.computeIfAbsent(reverse, r -> new ArrayList<>(1));
                if (!list.contains(instance)) {
                    list.add(instance);
                }
            }
        }
        Map<Name, Entry> built = new HashMap<>(targets.size() * 2);
        for (Map.Entry<Name, Set<Name>> entry : targets.entrySet()) {
            Name reverse = entry.getKey();
            List<Record> ptr = new ArrayList<>(entry.getValue().size());
            for (Name target : entry.getValue()) {
                ptr.add(new PTRRecord(reverse, DClass.IN, spec.ttl(), target));
            }
            built.put(reverse, new Entry(reverse, List.copyOf(ptr), new Ec2Answer(reverse, owners.get(reverse))));
        }
        this.entries = Collections.unmodifiableMap(built);
        this.skipped = skippedNames;
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
