package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * The DNS name of every instance of one index for one value and zone ({@code tag:Name} under
 * {@code demo.internal.}), made once and shared by the views that need it (the forward names and
 * the reverse targets are the same names).
 */
public final class NamesView implements IndexView {
    private final Name[] names;

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
        List<Ec2Instance> instances = index.instances();
        names = new Name[instances.size()];
        byte[] zoneWire = spec.zone().isAbsolute() ? spec.zone().toWire() : null;
        for (int i = 0; i < names.length; i++) {
            String value = spec.key().valueOf(instances.get(i));
            names[i] = value == null ? null : DnsNames.toName(value, spec.zone(), zoneWire);
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
