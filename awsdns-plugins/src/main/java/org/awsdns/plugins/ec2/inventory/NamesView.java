package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The DNS name of every instance of one index for one value and zone ({@code tag:Name} under
 * {@code demo.internal.}), made once and shared by the views that need it (the forward names and
 * the reverse targets are the same names).
 */
public final class NamesView implements IndexView {
    private final Name[] names;
    /** The index's instances, whose positions {@link #names} follows. */
    private final List<Ec2Instance> instances;

    /**
     * @param key the value names come from
     * @param zone appended to every name
     */
    public record Spec(AttributeRef key, Name zone) implements ViewSpec<NamesView> {
        public Spec {
            requireNonNull(key, "key is null");
            requireNonNull(zone, "zone is null");
        }

        @Override
        public NamesView build(InventoryIndex index) {
            return new NamesView(this, index);
        }
    }

    private NamesView(Spec spec, InventoryIndex index) {
        instances = index.instances();
        names = new Name[instances.size()];
        NameOfKnown known = new NameOfKnown(index.previousView(spec));
        byte[] zoneWire = spec.zone().isAbsolute() ? spec.zone().toWire() : null;
        for (int i = 0; i < names.length; i++) {
            Ec2Instance instance = instances.get(i);
            Name name = known.nameOf(instance, i);
            if (name == null) {
                String value = spec.key().valueOf(instance);
                name = value == null ? null : DnsNames.toName(value, spec.zone(), zoneWire);
            }
            names[i] = name;
        }
    }

    /**
     * The name the previous index's view made for the same instance object (an unchanged one), so
     * that the views built after a load share it: found at the same position when the order held,
     * by identity otherwise.
     */
    private static final class NameOfKnown {
        private final NamesView before;
        private Map<Ec2Instance, Integer> positions;

        NameOfKnown(NamesView before) {
            this.before = before;
        }

        Name nameOf(Ec2Instance instance, int position) {
            if (before == null) {
                return null;
            }
            if (position < before.names.length && before.instances.get(position) == instance) {
                return before.names[position];
            }
            if (positions == null) {
                positions = new IdentityHashMap<>(before.names.length * 2);
                for (int i = 0; i < before.names.length; i++) {
                    positions.put(before.instances.get(i), i);
                }
            }
            Integer at = positions.get(instance);
            return at == null ? null : before.names[at];
        }
    }

    /**
     * The name of the instance at {@code position} in {@link InventoryIndex#instances()}, or
     * {@code null} when it has no value or the value cannot become a name.
     */
    public Name name(int position) {
        return names[position];
    }

    /** Counted by the views using the names, not here, so that a skipped value is counted as before. */
    @Override
    public int skippedNames() {
        return 0;
    }
}
