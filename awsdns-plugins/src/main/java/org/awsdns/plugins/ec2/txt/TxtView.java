package org.awsdns.plugins.ec2.txt;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.inventory.AttributeRef;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.IndexView;
import org.awsdns.plugins.ec2.inventory.InventoryIndex;
import org.awsdns.plugins.ec2.inventory.ViewSpec;

/** The TXT RDATA of every instance of one index, built once per index. */
public final class TxtView implements IndexView {
    private final Spec spec;
    private final Map<String, Prepared> byId;

    /** @param extra the attributes to describe, in order */
    public record Spec(List<AttributeRef> extra) implements ViewSpec<TxtView> {
        public Spec {
            extra = List.copyOf(requireNonNull(extra, "extra is null"));
        }

        @Override
        public TxtView build(InventoryIndex index) {
            return new TxtView(this, index);
        }
    }

    /**
     * @param rdata one RDATA per attribute: the records of a name only this instance has
     * @param grouped one RDATA with a string per attribute: this instance's record under a name
     *     several instances share (empty when it has none of the attributes)
     */
    private record Prepared(Ec2Instance instance, List<byte[]> rdata, byte[] grouped) {}

    private TxtView(Spec spec, InventoryIndex index) {
        this.spec = spec;
        Map<String, Prepared> prepared = new HashMap<>(index.size() * 2);
        for (Ec2Instance instance : index.instances()) {
            prepared.put(instance.id(), new Prepared(instance, rdata(spec, instance), grouped(spec, instance)));
        }
        this.byId = Collections.unmodifiableMap(prepared);
    }

    /** The RDATA of {@code instance}'s TXT records: prepared, or made now for an instance not in this index. */
    public List<byte[]> rdata(Ec2Instance instance) {
        Prepared prepared = byId.get(instance.id());
        if (prepared != null && prepared.instance() == instance) {
            return prepared.rdata();
        }
        return rdata(spec, instance);
    }

    /**
     * The RDATA of {@code instance}'s one TXT record under a shared name, a string per attribute;
     * empty when the instance has none of the attributes.
     */
    public byte[] groupedRdata(Ec2Instance instance) {
        Prepared prepared = byId.get(instance.id());
        if (prepared != null && prepared.instance() == instance) {
            return prepared.grouped();
        }
        return grouped(spec, instance);
    }

    private static byte[] grouped(Spec spec, Ec2Instance instance) {
        List<String[]> pairs = new ArrayList<>(spec.extra().size());
        for (AttributeRef attribute : spec.extra()) {
            String value = attribute.valueOf(instance);
            if (value != null) {
                pairs.add(new String[] {attribute.toString(), value});
            }
        }
        return Rfc1464.rdata(pairs);
    }

    private static List<byte[]> rdata(Spec spec, Ec2Instance instance) {
        List<byte[]> out = new ArrayList<>(spec.extra().size());
        for (AttributeRef attribute : spec.extra()) {
            String value = attribute.valueOf(instance);
            if (value != null) {
                out.add(Rfc1464.rdata(attribute.toString(), value));
            }
        }
        return List.copyOf(out);
    }
}
