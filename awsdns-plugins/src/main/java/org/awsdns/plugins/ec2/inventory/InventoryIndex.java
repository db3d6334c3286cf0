package org.awsdns.plugins.ec2.inventory;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One immutable picture of the instances: by ID, and by every private (IPv4 and IPv6) and public
 * address of every interface, plus the views plugins registered. Built off the query path and
 * swapped in whole.
 */
public final class InventoryIndex {
    private static final InventoryIndex EMPTY = new InventoryIndex(List.of(), Instant.EPOCH);

    private final List<Ec2Instance> instances;
    private final Map<String, Ec2Instance> byId;
    private final Map<InetAddress, List<Ec2Instance>> byPrivateAddress;
    private final Map<InetAddress, List<Ec2Instance>> byPublicAddress;
    private final Instant builtAt;
    private final ConcurrentHashMap<ViewSpec<?>, IndexView> views = new ConcurrentHashMap<>();

    private InventoryIndex(Collection<Ec2Instance> instances, Instant builtAt) {
        Map<String, Ec2Instance> ids = new LinkedHashMap<>();
        for (Ec2Instance instance : instances) {
            ids.put(instance.id(), instance);
        }
        Map<InetAddress, List<Ec2Instance>> privates = new HashMap<>();
        Map<InetAddress, List<Ec2Instance>> publics = new HashMap<>();
        for (Ec2Instance instance : ids.values()) {
            for (InetAddress address : instance.privateAddresses()) {
                privates.computeIfAbsent(address, a -> new ArrayList<>(1)).add(instance);
            }
            for (InetAddress address : instance.publicIpv4()) {
                publics.computeIfAbsent(address, a -> new ArrayList<>(1)).add(instance);
            }
        }
        this.instances = List.copyOf(ids.values());
        this.byId = Collections.unmodifiableMap(ids);
        this.byPrivateAddress = freeze(privates);
        this.byPublicAddress = freeze(publics);
        this.builtAt = builtAt;
    }

    /** An index of {@code instances} (a later duplicate ID replaces an earlier one). */
    public static InventoryIndex of(Collection<Ec2Instance> instances, Instant builtAt) {
        return new InventoryIndex(instances, builtAt);
    }

    /** The index before the first load. */
    public static InventoryIndex empty() {
        return EMPTY;
    }

    public List<Ec2Instance> instances() {
        return instances;
    }

    public int size() {
        return instances.size();
    }

    public Instant builtAt() {
        return builtAt;
    }

    public Ec2Instance byId(String id) {
        return byId.get(id);
    }

    /** The instances holding {@code address} as a private address on any interface. */
    public List<Ec2Instance> byPrivateAddress(InetAddress address) {
        return byPrivateAddress.getOrDefault(address, List.of());
    }

    /** The instances holding {@code address} as a public IPv4 address. */
    public List<Ec2Instance> byPublicAddress(InetAddress address) {
        return byPublicAddress.getOrDefault(address, List.of());
    }

    /** The view described by {@code spec}, built at most once per index. */
    @SuppressWarnings("unchecked")
    public <V extends IndexView> V view(ViewSpec<V> spec) {
        IndexView view = views.get(spec);
        if (view == null) {
            view = views.computeIfAbsent(spec, s -> s.build(this));
        }
        return (V) view;
    }

    /** The names skipped by the views built so far. */
    public int skippedNames() {
        int skipped = 0;
        for (IndexView view : views.values()) {
            skipped += view.skippedNames();
        }
        return skipped;
    }

    private static Map<InetAddress, List<Ec2Instance>> freeze(Map<InetAddress, List<Ec2Instance>> map) {
        Map<InetAddress, List<Ec2Instance>> frozen = new HashMap<>(map.size() * 2);
        for (Map.Entry<InetAddress, List<Ec2Instance>> entry : map.entrySet()) {
            frozen.put(entry.getKey(), List.copyOf(entry.getValue()));
        }
        return Collections.unmodifiableMap(frozen);
    }

    @Override
    public String toString() {
        return "InventoryIndex[" + instances.size() + " instances, built " + builtAt + "]";
    }
}
