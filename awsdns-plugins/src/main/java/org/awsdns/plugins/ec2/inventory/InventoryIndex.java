package org.awsdns.plugins.ec2.inventory;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
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
    private final Instant builtAt;
    private final ConcurrentHashMap<ViewSpec<?>, IndexView> views = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ViewSpec<?>, Object> locks = new ConcurrentHashMap<>();
    /**
     * The views built so far, by the identity of the spec that asked: the query path finds its
     * plugin's view here without hashing the spec (a record's hashCode walks every field, the
     * zone's name included, on each call). Copied on write; an index has a handful of views.
     */
    private volatile ViewSlot[] slots = new ViewSlot[0];

    private record ViewSlot(ViewSpec<?> spec, IndexView view) {}
    /** Built on first use: the query path reads views, not these (they cost ~100 bytes an instance). */
    private volatile Lookups lookups;
    /** While this index's views are built after a load: the served index, whose views may be reused. */
    private volatile InventoryIndex previous;

    private record Lookups(Map<String, Ec2Instance> byId, Map<InetAddress, List<Ec2Instance>> byPrivateAddress,
            Map<InetAddress, List<Ec2Instance>> byPublicAddress) {}

    private InventoryIndex(Collection<Ec2Instance> instances, Instant builtAt) {
        Map<String, Integer> positions = new HashMap<>((int) Math.min(1 << 30, instances.size() * 4L / 3 + 1));
        List<Ec2Instance> list = new ArrayList<>(instances.size());
        for (Ec2Instance instance : instances) {
            Integer position = positions.putIfAbsent(instance.id(), list.size());
            if (position == null) {
                list.add(instance);
            } else {
                list.set(position, instance); // a later duplicate replaces an earlier one, in its place
            }
        }
        this.instances = Collections.unmodifiableList(list);
        this.builtAt = builtAt;
    }

    private Lookups lookups() {
        Lookups built = lookups;
        if (built == null) {
            synchronized (this) {
                built = lookups;
                if (built == null) {
                    Map<String, Ec2Instance> ids = new HashMap<>();
                    Map<InetAddress, List<Ec2Instance>> privates = new HashMap<>();
                    Map<InetAddress, List<Ec2Instance>> publics = new HashMap<>();
                    for (Ec2Instance instance : instances) {
                        ids.put(instance.id(), instance);
                        for (InetAddress address : instance.privateAddresses()) {
                            privates.computeIfAbsent(address, a -> new ArrayList<>(1)).add(instance);
                        }
                        for (InetAddress address : instance.publicIpv4()) {
                            publics.computeIfAbsent(address, a -> new ArrayList<>(1)).add(instance);
                        }
                    }
                    built = new Lookups(Collections.unmodifiableMap(ids), freeze(privates), freeze(publics));
                    lookups = built;
                }
            }
        }
        return built;
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
        return lookups().byId().get(id);
    }

    /** The instances holding {@code address} as a private address on any interface. */
    public List<Ec2Instance> byPrivateAddress(InetAddress address) {
        return lookups().byPrivateAddress().getOrDefault(address, List.of());
    }

    /** The instances holding {@code address} as a public IPv4 address. */
    public List<Ec2Instance> byPublicAddress(InetAddress address) {
        return lookups().byPublicAddress().getOrDefault(address, List.of());
    }

    /** The view described by {@code spec}, built at most once per index. */
    @SuppressWarnings("unchecked")
    public <V extends IndexView> V view(ViewSpec<V> spec) {
        for (ViewSlot slot : slots) {
            if (slot.spec() == spec) {
                return (V) slot.view();
            }
        }
        IndexView view = views.get(spec);
        if (view == null) {
            // not computeIfAbsent: a view may be built from another (e.g. the names of instances);
            // a lock per spec, so that different views may be built at the same time
            synchronized (locks.computeIfAbsent(spec, s -> new Object())) {
                view = views.get(spec);
                if (view == null) {
                    view = spec.build(this);
                    views.put(spec, view);
                }
            }
        }
        remember(spec, view);
        return (V) view;
    }

    private synchronized void remember(ViewSpec<?> spec, IndexView view) {
        ViewSlot[] current = slots;
        for (ViewSlot slot : current) {
            if (slot.spec() == spec) {
                return;
            }
        }
        if (current.length >= MAX_SLOTS) {
            return; // specs made per call (not a plugin's own): the hash map serves them
        }
        ViewSlot[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = new ViewSlot(spec, view);
        slots = grown;
    }

    private static final int MAX_SLOTS = 32;

    /**
     * Lets the views built from now on reuse what the served {@code previous} index's views made
     * for instances that did not change (the same objects, see {@link KnownInstances}): their names
     * and entries, with the answers those encoded. Until {@link #forgetPrevious()}, so that an index
     * never keeps the one before it.
     */
    void buildAfter(InventoryIndex previous) {
        this.previous = previous == this ? null : previous;
    }

    /** Ends {@link #buildAfter}: called once the views of a load are built. */
    void forgetPrevious() {
        this.previous = null;
    }

    /**
     * The view for {@code spec} of the index this one is being built after, when that one built it;
     * {@code null} otherwise. For a view's constructor: only what is equal may be taken from it.
     */
    @SuppressWarnings("unchecked")
    public <V extends IndexView> V previousView(ViewSpec<V> spec) {
        InventoryIndex before = previous;
        return before == null ? null : (V) before.views.get(spec);
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
